package io.autobiz.app.evidence;

import io.autobiz.app.security.AdminApiAuthentication;
import io.autobiz.app.tenancy.TenantDirectory;
import io.autobiz.kernel.receipt.ChainVerification;
import io.autobiz.kernel.receipt.ReceiptStore;
import io.autobiz.kernel.state.ReplayReport;
import io.autobiz.kernel.state.TranscriptReplayer;
import io.autobiz.kernel.tenant.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Evidence checks for administrators ({@code /admin/**} is behind {@link AdminApiAuthentication}):
 *
 * <ul>
 *   <li>{@code GET /admin/tenants/{tenant}/receipts/verify}: recomputes the store's receipt chain; 200 with
 *       {@code intact: true}, or 409 naming the first broken link (number, receipt ID, what is wrong);
 *   <li>{@code GET /admin/tenants/{tenant}/runs/{runId}/replay}: replays the run's transcript; 200 with the final state
 *       hash and receipt hashes, or 409 naming the first differing step.
 * </ul>
 */
@RestController
@RequestMapping("/admin/tenants/{tenant}")
class EvidenceAdminController {

    private static final Logger log = LoggerFactory.getLogger(EvidenceAdminController.class);

    private final TenantDirectory tenants;
    private final ReceiptStore receipts;
    private final TranscriptReplayer replayer;

    EvidenceAdminController(TenantDirectory tenants, ReceiptStore receipts, TranscriptReplayer replayer) {
        this.tenants = tenants;
        this.receipts = receipts;
        this.replayer = replayer;
    }

    @GetMapping("/receipts/verify")
    ResponseEntity<Map<String, Object>> verifyReceipts(
            @PathVariable String tenant, @RequestAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE) String admin) {
        if (!tenants.isKnown(tenant)) {
            return ResponseEntity.status(404).body(Map.of("error", "UNKNOWN_TENANT", "tenant", tenant));
        }
        ChainVerification verification = receipts.verify(TenantId.of(tenant));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant);
        body.put("receipts", verification.receipts());
        body.put("intact", verification.intact());
        verification.brokenLink().ifPresent(link -> {
            Map<String, Object> broken = new LinkedHashMap<>();
            broken.put("chainSeq", link.chainSeq());
            broken.put("receiptId", link.receiptId());
            broken.put("reason", link.reason());
            body.put("brokenLink", broken);
            log.error(
                    "ALERT receipt chain of store {} is broken at receipt {} ({}): {}; checked by {}",
                    tenant,
                    link.chainSeq(),
                    link.receiptId(),
                    link.reason(),
                    admin);
        });
        return ResponseEntity.status(verification.intact() ? 200 : 409).body(body);
    }

    @GetMapping("/runs/{runId}/replay")
    ResponseEntity<Map<String, Object>> replay(@PathVariable String tenant, @PathVariable String runId) {
        if (!tenants.isKnown(tenant)) {
            return ResponseEntity.status(404).body(Map.of("error", "UNKNOWN_TENANT", "tenant", tenant));
        }
        ReplayReport report = replayer.replay(TenantId.of(tenant), runId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant);
        body.put("runId", runId);
        body.put("steps", report.steps());
        body.put("finalStateSha256", report.finalStateSha256());
        body.put("receiptHashes", report.receiptHashes());
        body.put("identical", report.identical());
        report.mismatch()
                .ifPresent(m -> body.put(
                        "mismatch",
                        Map.of("step", m.step(), "traceId", m.traceId(), "tool", m.tool(), "reason", m.reason())));
        return ResponseEntity.status(report.identical() ? 200 : 409).body(body);
    }
}
