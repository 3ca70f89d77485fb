package io.autobiz.app.reconciliation;

import io.autobiz.app.security.AdminApiAuthentication;
import io.autobiz.app.tenancy.TenantDirectory;
import io.autobiz.kernel.reconciliation.ReconciliationDetector;
import io.autobiz.kernel.reconciliation.ReconciliationException;
import io.autobiz.kernel.tenant.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/tenants/{tenant}/reconciliations} lists drift; {@code POST .../{id}/approve} and {@code
 * .../{id}/deny} decide a financial repair, naming the administrator as the approver.
 */
@RestController
class ReconciliationAdminController {

    private final TenantDirectory tenants;
    private final ReconciliationDetector detector;

    ReconciliationAdminController(TenantDirectory tenants, ReconciliationDetector detector) {
        this.tenants = tenants;
        this.detector = detector;
    }

    @GetMapping("/admin/tenants/{tenant}/reconciliations")
    ResponseEntity<Map<String, Object>> list(@PathVariable String tenant) {
        if (!tenants.isKnown(tenant)) {
            return unknownStore();
        }
        return ResponseEntity.ok(Map.of(
                "reconciliations",
                detector.list(TenantId.of(tenant), EnumSet.allOf(ReconciliationDetector.Status.class))));
    }

    @PostMapping("/admin/tenants/{tenant}/reconciliations/{id}/approve")
    ResponseEntity<Object> approve(@PathVariable String tenant, @PathVariable String id, HttpServletRequest request) {
        if (!tenants.isKnown(tenant)) {
            return ResponseEntity.status(404).body(unknownStore().getBody());
        }
        return ResponseEntity.ok(detector.approve(TenantId.of(tenant), id, admin(request)));
    }

    @PostMapping("/admin/tenants/{tenant}/reconciliations/{id}/deny")
    ResponseEntity<Object> deny(
            @PathVariable String tenant,
            @PathVariable String id,
            @RequestBody(required = false) String reason,
            HttpServletRequest request) {
        if (!tenants.isKnown(tenant)) {
            return ResponseEntity.status(404).body(unknownStore().getBody());
        }
        return ResponseEntity.ok(
                detector.deny(TenantId.of(tenant), id, admin(request), reason == null ? "no reason given" : reason));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(ReconciliationException.class)
    ResponseEntity<Map<String, Object>> refused(ReconciliationException e) {
        return ResponseEntity.status(409).body(Map.of("error", "not_decidable", "message", e.getMessage()));
    }

    private static String admin(HttpServletRequest request) {
        return String.valueOf(request.getAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE));
    }

    private static ResponseEntity<Map<String, Object>> unknownStore() {
        return ResponseEntity.status(404).body(Map.of("error", "unknown_tenant", "message", "no such store"));
    }
}
