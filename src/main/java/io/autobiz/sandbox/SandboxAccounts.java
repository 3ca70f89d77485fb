package io.autobiz.sandbox;

import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Which store a request to a sandbox provider is for, found the way the real provider finds the account: Printful by
 * its store ID, Stripe, SendGrid and Slack by the key the request presents. A key is compared with the stores' keys in
 * the credential store once; then its digest (never the key) is remembered, so the audit trail is not flooded.
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class SandboxAccounts {

    private final TenantProperties tenants;
    private final CredentialScoper credentials;
    private final Map<String, TenantId> byKeyDigest = new ConcurrentHashMap<>();

    public SandboxAccounts(TenantProperties tenants, CredentialScoper credentials) {
        this.tenants = tenants;
        this.credentials = credentials;
    }

    /** The store whose {@code dependency.key} secret is {@code presented}; empty for a key no store has. */
    public Optional<TenantId> byKey(String dependency, String key, String presented) {
        if (presented == null || presented.isBlank()) {
            return Optional.empty();
        }
        String digest = Digests.sha256Hex(dependency + "." + key + ":" + presented);
        TenantId known = byKeyDigest.get(digest);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<TenantId> found = tenants.tenants().keySet().stream()
                .sorted()
                .map(TenantId::of)
                .filter(tenant -> credentials
                        .scopeFor(tenant, dependency)
                        .find(key)
                        .filter(presented::equals)
                        .isPresent())
                .findFirst();
        found.ifPresent(tenant -> byKeyDigest.put(digest, tenant));
        return found;
    }

    /** The store whose Printful store ID this is. */
    public Optional<TenantId> byPrintfulStore(String storeId) {
        return tenants.tenants().entrySet().stream()
                .filter(entry -> storeId.equals(entry.getValue().printfulStoreId()))
                .map(entry -> TenantId.of(entry.getKey()))
                .findFirst();
    }

    /** The Printful store ID of a store, if it has one. */
    public Optional<String> printfulStoreOf(TenantId store) {
        return Optional.ofNullable(tenants.tenants().get(store.value())).map(settings -> settings.printfulStoreId());
    }
}
