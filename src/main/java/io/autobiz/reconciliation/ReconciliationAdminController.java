package io.autobiz.reconciliation;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.reconciliation.core.Reconciliation;
import io.autobiz.reconciliation.core.ReconciliationRow;
import io.autobiz.tenancy.TenantDirectory;
import java.util.EnumSet;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/tenants/{tenant}/reconciliations} lists drift and what became of it. Read-only on purpose: a
 * financial repair is decided only in its WF07 approval task, by an approver of the store, never through this API.
 */
@RestController
class ReconciliationAdminController {

    private final TenantDirectory tenants;
    private final Reconciliation reconciliation;

    ReconciliationAdminController(TenantDirectory tenants, Reconciliation reconciliation) {
        this.tenants = tenants;
        this.reconciliation = reconciliation;
    }

    @GetMapping("/admin/tenants/{tenant}/reconciliations")
    ResponseEntity<Map<String, Object>> list(@PathVariable String tenant) {
        if (!tenants.isKnown(tenant)) {
            return unknownStore();
        }
        return ResponseEntity.ok(Map.of(
                "reconciliations",
                reconciliation.list(TenantId.of(tenant), EnumSet.allOf(ReconciliationRow.Status.class))));
    }

    private static ResponseEntity<Map<String, Object>> unknownStore() {
        return ResponseEntity.status(404).body(Map.of("error", "unknown_tenant", "message", "no such store"));
    }
}
