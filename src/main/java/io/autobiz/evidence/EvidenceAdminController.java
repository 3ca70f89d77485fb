package io.autobiz.evidence;

import io.autobiz.kernel.evidence.EvidenceVerifier;
import io.autobiz.kernel.state.ReplayReport;
import io.autobiz.kernel.state.TranscriptReplayer;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.security.AdminApiAuthentication;
import io.autobiz.tenancy.TenantDirectory;
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
 *   <li>{@code GET /admin/tenants/{tenant}/receipts/verify}, and the same as {@code .../evidence/verify}: recomputes
 *       the store's receipt chain and, since issue 22, all of its evidence ({@link EvidenceVerifier}: state versions
 *       from their patches, the credential-audit and security-incident chains); 200 with {@code intact: true}, or 409
 *       naming the first broken receipt link ({@code brokenLink}, as before) and, under {@code evidence}, the first
 *       break of each kind (row or entity, position, what is wrong);
 *   <li>{@code GET /admin/tenants/{tenant}/runs/{runId}/replay}: replays the run's transcript; 200 with the final state
 *       hash and receipt hashes, or 409 naming the first differing step.
 * </ul>
 */
@RestController
@RequestMapping("/admin/tenants/{tenant}")
class EvidenceAdminController {

    private static final Logger log = LoggerFactory.getLogger(EvidenceAdminController.class);

    private final TenantDirectory tenants;
    private final EvidenceVerifier evidence;
    private final TranscriptReplayer replayer;

    EvidenceAdminController(TenantDirectory tenants, EvidenceVerifier evidence, TranscriptReplayer replayer) {
        this.tenants = tenants;
        this.evidence = evidence;
        this.replayer = replayer;
    }

    @GetMapping({"/receipts/verify", "/evidence/verify"})
    ResponseEntity<Map<String, Object>> verifyReceipts(
            @PathVariable String tenant, @RequestAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE) String admin) {
        if (!tenants.isKnown(tenant)) {
            return ResponseEntity.status(404).body(Map.of("error", "UNKNOWN_TENANT", "tenant", tenant));
        }
        EvidenceVerifier.Report report = evidence.verify(TenantId.of(tenant));
        EvidenceVerifier.Check receiptChain = report.checks().get(0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant);
        body.put("receipts", receiptChain.checked());
        body.put("intact", report.intact());
        receiptChain.firstBreak().ifPresent(link -> {
            Map<String, Object> broken = new LinkedHashMap<>();
            broken.put("chainSeq", link.position());
            broken.put("receiptId", link.id());
            broken.put("reason", link.reason());
            body.put("brokenLink", broken);
        });
        Map<String, Object> kinds = new LinkedHashMap<>();
        for (EvidenceVerifier.Check check : report.checks()) {
            Map<String, Object> kind = new LinkedHashMap<>();
            kind.put("checked", check.checked());
            kind.put("unchained", check.unchained());
            kind.put("intact", check.intact());
            check.firstBreak().ifPresent(first -> {
                Map<String, Object> broken = new LinkedHashMap<>();
                broken.put("position", first.position());
                broken.put("id", first.id());
                broken.put("reason", first.reason());
                kind.put("firstBreak", broken);
                log.error(
                        "ALERT {} of store {} broken at {} ({}): {}; checked by {}",
                        check.kind(),
                        tenant,
                        first.position(),
                        first.id(),
                        first.reason(),
                        admin);
            });
            kinds.put(check.kind(), kind);
        }
        body.put("evidence", kinds);
        return ResponseEntity.status(report.intact() ? 200 : 409).body(body);
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
