package io.autobiz.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.credential.CachingSecretSource;
import io.autobiz.kernel.credential.JdbcSecretSource;
import io.autobiz.kernel.credential.SecretMetadata;
import io.autobiz.kernel.credential.SecretName;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.security.AdminApiAuthentication;
import io.autobiz.tenancy.TenantDirectory;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Credential rotation, for administrators only ({@code /admin/**} is behind {@link AdminApiAuthentication}):
 *
 * <ul>
 *   <li>{@code GET /admin/tenants/{tenant}/credentials}: each stored secret's name, version, key ID, rotation time,
 *       who rotated it and its age in days; never a value;
 *   <li>{@code PUT /admin/tenants/{tenant}/credentials/{name}} with {@code {"value": "..."}}: store a new value (or
 *       the first one), sealed under the current master key; takes effect on this node at once, on others within the
 *       cache's time to live;
 *   <li>{@code POST /admin/tenants/{tenant}/credentials/re-encrypt}: seal every secret of the store under the current
 *       master key (after a master key rotation).
 * </ul>
 *
 * Every change is audited with the administrator's ID. Answers and errors never contain a value.
 */
@RestController
@RequestMapping("/admin/tenants/{tenant}/credentials")
class CredentialAdminController {

    private static final Logger log = LoggerFactory.getLogger(CredentialAdminController.class);

    private final TenantDirectory tenants;
    private final JdbcSecretSource store;
    private final CachingSecretSource cache;
    private final CredentialRotationAge age;
    private final CredentialProperties properties;
    private final Clock clock;

    CredentialAdminController(
            TenantDirectory tenants,
            JdbcSecretSource store,
            CachingSecretSource cache,
            CredentialRotationAge age,
            CredentialProperties properties,
            Clock clock) {
        this.tenants = tenants;
        this.store = store;
        this.cache = cache;
        this.age = age;
        this.properties = properties;
        this.clock = clock;
    }

    /** A request the API refuses; the message never quotes the request body. */
    static final class CredentialRequestRefused extends RuntimeException {
        final int status;
        final String error;

        CredentialRequestRefused(int status, String error, String message) {
            super(message);
            this.status = status;
            this.error = error;
        }
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String tenant) {
        TenantId store = known(tenant);
        List<Map<String, Object>> secrets =
                this.store.list(store).stream().map(this::describe).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenant", store.value());
        answer.put("source", properties.source().name().toLowerCase(Locale.ROOT));
        answer.put("credentials", secrets);
        return answer;
    }

    @PutMapping("/{name}")
    Map<String, Object> rotate(
            @PathVariable String tenant,
            @PathVariable String name,
            @RequestBody(required = false) String body,
            @RequestAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE) String admin) {
        TenantId store = known(tenant);
        requireDatabaseSource();
        if (!SecretName.isValid(name)) {
            throw new CredentialRequestRefused(
                    400, "INVALID_NAME", "a secret name is <dependency>.<key>, e.g. stripe.api_key");
        }
        SecretMetadata rotated;
        try {
            rotated = this.store.rotate(store, name, valueOf(body), admin);
        } catch (IllegalArgumentException e) {
            throw new CredentialRequestRefused(400, "INVALID_VALUE", e.getMessage());
        }
        cache.invalidate(store, name);
        age.refresh();
        log.info(
                "credential {} of store {} rotated by {} (version {}, key {})",
                name,
                store,
                admin,
                rotated.version(),
                rotated.keyId());
        return describe(rotated);
    }

    @PostMapping("/re-encrypt")
    Map<String, Object> reencrypt(
            @PathVariable String tenant, @RequestAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE) String admin) {
        TenantId store = known(tenant);
        requireDatabaseSource();
        int resealed = this.store.reencrypt(store, admin);
        cache.invalidateAll();
        log.info(
                "{} credential(s) of store {} re-encrypted under the current master key by {}", resealed, store, admin);
        return Map.of("tenant", store.value(), "reEncrypted", resealed);
    }

    @ExceptionHandler(CredentialRequestRefused.class)
    ResponseEntity<Map<String, Object>> refused(CredentialRequestRefused refused) {
        return ResponseEntity.status(refused.status)
                .body(Map.of("error", refused.error, "message", refused.getMessage()));
    }

    private TenantId known(String tenant) {
        if (!tenants.isKnown(tenant)) {
            throw new CredentialRequestRefused(404, "UNKNOWN_TENANT", "no store '" + tenant + "' on this node");
        }
        return TenantId.of(tenant);
    }

    private void requireDatabaseSource() {
        if (properties.source() != CredentialProperties.Source.DATABASE) {
            throw new CredentialRequestRefused(
                    409,
                    "NOT_ROTATABLE_HERE",
                    "credentials come from " + properties.source().name().toLowerCase(Locale.ROOT)
                            + "; rotate them where they are set");
        }
    }

    /** {@code {"value": "<non-blank text>"}} and nothing else; a refusal never repeats what was sent. */
    private static String valueOf(String body) {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : Json.parse(body);
        } catch (IllegalArgumentException e) {
            request = null;
        }
        if (request == null
                || !request.isObject()
                || request.size() != 1
                || !request.path("value").isTextual()) {
            throw new CredentialRequestRefused(
                    400, "INVALID_BODY", "send a JSON object with exactly one text field, \"value\"");
        }
        return request.get("value").textValue();
    }

    private Map<String, Object> describe(SecretMetadata secret) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", secret.name());
        described.put("version", secret.version());
        described.put("keyId", secret.keyId());
        described.put("rotatedAt", secret.rotatedAt().toString());
        described.put("rotatedBy", secret.rotatedBy());
        described.put("ageDays", Math.round(secret.ageDays(clock.instant()) * 100) / 100.0);
        return described;
    }
}
