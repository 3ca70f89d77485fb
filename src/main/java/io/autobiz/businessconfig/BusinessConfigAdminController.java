package io.autobiz.businessconfig;

import io.autobiz.gate.DeployGate;
import io.autobiz.kernel.config.ActiveConfig;
import io.autobiz.kernel.config.BusinessConfigs;
import io.autobiz.kernel.config.ConfigVersions;
import io.autobiz.kernel.config.ConfigViolation;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.security.AdminApiAuthentication;
import io.autobiz.tenancy.TenantDirectory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators read and replace a store's BusinessConfig. {@code PUT} stores the YAML as the new version only when
 * it passes every compile check (422 with every violation otherwise, and nothing changes) and golden-suite evidence
 * for exactly this config and the deployed diagrams passes the deploy gate (INV-08, {@link DeployGate}; 409 with the
 * failing gates or the missing evidence otherwise, and the running version stays active). An administrator may
 * override the gate with a reason in {@value DeployGate#OVERRIDE_HEADER}: recorded and counted as an INV-08
 * violation. {@code POST .../check} answers the compile checks without storing. Every replacement names the
 * administrator who made it.
 */
@RestController
@RequestMapping("/admin/tenants/{tenant}/config")
class BusinessConfigAdminController {

    private static final Logger log = LoggerFactory.getLogger(BusinessConfigAdminController.class);
    static final int MAX_CONFIG_BYTES = 256 * 1024;

    private final BusinessConfigs configs;
    private final ConfigVersions store;
    private final TenantDirectory tenants;
    private final DeployGate gate;

    BusinessConfigAdminController(
            BusinessConfigs configs, ConfigVersions store, TenantDirectory tenants, DeployGate gate) {
        this.configs = configs;
        this.store = store;
        this.tenants = tenants;
        this.gate = gate;
    }

    @GetMapping(produces = "application/yaml")
    ResponseEntity<String> current(@PathVariable String tenant) {
        if (!tenants.isKnown(tenant)) {
            return notFound(tenant);
        }
        return store.latest(TenantId.of(tenant))
                .map(stored -> ResponseEntity.ok()
                        .header("X-Config-Version", String.valueOf(stored.version()))
                        .header("X-Config-Sha256", stored.sha256())
                        .body(stored.yaml()))
                .orElseGet(() -> ResponseEntity.status(404)
                        .contentType(MediaType.TEXT_PLAIN)
                        .body("store " + tenant + " has no config yet\n"));
    }

    @PutMapping(consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    ResponseEntity<Map<String, Object>> replace(
            @PathVariable String tenant,
            @RequestBody byte[] body,
            @RequestHeader(name = DeployGate.OVERRIDE_HEADER, required = false) String overrideReason,
            @RequestAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE) String admin) {
        ResponseEntity<Map<String, Object>> refused = refuseBadRequest(tenant, body);
        if (refused != null) {
            return refused;
        }
        String yaml = new String(body, StandardCharsets.UTF_8);
        TenantId storeId = TenantId.of(tenant);
        // Invalid configs are refused first (422), the gate asked only for a config that could run; the active config's
        // text again activates nothing new and needs no evidence.
        boolean unchanged = store.latest(storeId)
                .map(active -> active.sha256().equals(Digests.sha256Hex(yaml)))
                .orElse(false);
        DeployGate.Decision decision = null;
        if (!unchanged && configs.check(storeId, yaml).isEmpty()) {
            decision = gate.forConfig(tenant, yaml);
            if (!decision.allowed()) {
                if (overrideReason == null) {
                    gate.refused(decision, admin);
                    return ResponseEntity.status(409).body(decision.refusal());
                }
                try {
                    DeployGate.checkedReason(overrideReason);
                } catch (DeployGate.BadOverride e) {
                    return ResponseEntity.badRequest()
                            .body(Map.of("error", "OVERRIDE_INVALID", "message", e.getMessage()));
                }
            }
        }
        BusinessConfigs.Outcome outcome = configs.propose(storeId, yaml, "ADMIN_API", admin);
        if (!outcome.isAccepted()) {
            log.warn(
                    "admin {} proposed an invalid config for store {}: {} violations",
                    admin,
                    tenant,
                    outcome.violations().size());
            return invalid(outcome.violations());
        }
        ActiveConfig active = outcome.accepted().get();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenant", tenant);
        answer.put("version", active.version());
        answer.put("sha256", active.sha256());
        if (decision != null && decision.allowed()) {
            gate.accepted(decision);
            answer.put("gate_evidence_sha256", decision.evidence().orElseThrow().sha256());
        } else if (decision != null) {
            answer.put(
                    "gate_override",
                    gate.overridden(decision, overrideReason, admin, null).id());
        }
        log.info("admin {} set store {}'s config to version {}", admin, tenant, active.version());
        return ResponseEntity.ok(answer);
    }

    @PostMapping(
            path = "/check",
            consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    ResponseEntity<Map<String, Object>> check(@PathVariable String tenant, @RequestBody byte[] body) {
        ResponseEntity<Map<String, Object>> refused = refuseBadRequest(tenant, body);
        if (refused != null) {
            return refused;
        }
        List<ConfigViolation> violations = configs.check(TenantId.of(tenant), new String(body, StandardCharsets.UTF_8));
        return ResponseEntity.ok(Map.of("valid", violations.isEmpty(), "violations", violations));
    }

    private ResponseEntity<Map<String, Object>> refuseBadRequest(String tenant, byte[] body) {
        if (!tenants.isKnown(tenant)) {
            return ResponseEntity.status(404).body(Map.of("error", "UNKNOWN_TENANT", "message", "no store " + tenant));
        }
        if (body.length > MAX_CONFIG_BYTES) {
            return ResponseEntity.status(413)
                    .body(Map.of(
                            "error", "TOO_LARGE", "message", "a config is at most " + MAX_CONFIG_BYTES + " bytes"));
        }
        return null;
    }

    private static ResponseEntity<Map<String, Object>> invalid(List<ConfigViolation> violations) {
        return ResponseEntity.unprocessableEntity()
                .body(Map.of(
                        "error",
                        "CONFIG_INVALID",
                        "message",
                        "the config was not stored; fix every violation",
                        "violations",
                        violations));
    }

    private static ResponseEntity<String> notFound(String tenant) {
        return ResponseEntity.status(404).contentType(MediaType.TEXT_PLAIN).body("no store " + tenant + "\n");
    }
}
