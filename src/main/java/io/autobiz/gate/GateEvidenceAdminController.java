package io.autobiz.gate;

import io.autobiz.kernel.crypto.Digests;
import io.autobiz.security.AdminApiAuthentication;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators give the application the evidence of a golden-suite run ({@code src/target/golden/gate-evidence.json}
 * of the command in docs/golden-suite.md) and read what it has: the evidence and the overrides. This endpoint stores
 * evidence, verified (its own SHA-256, every gate judged again from its numbers), it does not produce it; a golden run
 * started through {@code POST /admin/gate/golden-runs} (io.autobiz.golden) produces it in a JVM of its own and stores
 * it through the same {@link GateEvidenceStore}.
 */
@RestController
@RequestMapping("/admin/gate")
class GateEvidenceAdminController {

    private static final Logger log = LoggerFactory.getLogger(GateEvidenceAdminController.class);
    private static final int LISTED = 20;

    private final GateEvidenceStore evidence;
    private final DeployOverrides overrides;
    private final GateMetrics metrics;

    GateEvidenceAdminController(GateEvidenceStore evidence, DeployOverrides overrides, GateMetrics metrics) {
        this.evidence = evidence;
        this.overrides = overrides;
        this.metrics = metrics;
    }

    /**
     * Stores uploaded evidence. {@code X-Evidence-Sha256}, when sent, must be the SHA-256 of the body (e.g.
     * {@code sha256sum gate-evidence.json}): a file changed on the way is refused.
     */
    @PostMapping(path = "/evidence", consumes = "application/json")
    ResponseEntity<Map<String, Object>> upload(
            @RequestBody byte[] body,
            @RequestHeader(name = "X-Evidence-Sha256", required = false) String expectedSha256,
            @RequestAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE) String admin) {
        if (body.length > GateEvidenceStore.MAX_EVIDENCE_BYTES) {
            return ResponseEntity.status(413)
                    .body(Map.of("error", "TOO_LARGE", "message", "evidence is at most 1 MiB"));
        }
        String json = new String(body, StandardCharsets.UTF_8);
        if (expectedSha256 != null && !Digests.sha256Hex(json).equals(expectedSha256.trim())) {
            return ResponseEntity.badRequest()
                    .body(Map.of(
                            "error", "EVIDENCE_HASH_MISMATCH",
                            "message", "the body's SHA-256 is not the X-Evidence-Sha256 sent: nothing stored"));
        }
        GateEvidenceStore.Stored stored;
        try {
            stored = evidence.record(json, GateEvidenceStore.Source.UPLOAD, admin);
        } catch (GateEvidenceStore.InvalidEvidence e) {
            return ResponseEntity.unprocessableEntity()
                    .body(Map.of(
                            "error", "EVIDENCE_INVALID",
                            "message", "the evidence was not stored; it must be a gate-evidence.json as written",
                            "problems", e.problems()));
        }
        metrics.show(stored.evidence());
        log.info(
                "admin {} stored gate evidence {} (deploy_blocked={})",
                admin,
                stored.sha256(),
                stored.evidence().deployBlocked());
        return ResponseEntity.status(201).body(summary(stored));
    }

    @GetMapping("/evidence")
    List<Map<String, Object>> listEvidence() {
        return evidence.newest(LISTED).stream()
                .map(GateEvidenceAdminController::summary)
                .toList();
    }

    @GetMapping("/overrides")
    List<DeployOverrides.Recorded> listOverrides() {
        return overrides.newest(LISTED);
    }

    private static Map<String, Object> summary(GateEvidenceStore.Stored stored) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", stored.id());
        summary.put("evidence_sha256", stored.sha256());
        summary.put("commit", stored.evidence().commit());
        summary.put("business_config_hash", stored.evidence().businessConfigHash());
        summary.put("business_config_files", stored.evidence().businessConfigFiles());
        summary.put("bpmn_hash", stored.evidence().bpmnHash());
        summary.put("deploy_blocked", !stored.failingGates().isEmpty());
        summary.put(
                "blocked_by",
                stored.failingGates().stream().map(GateResult::gate).toList());
        summary.put("source", stored.source());
        summary.put("recorded_by", stored.recordedBy());
        summary.put("recorded_at", stored.recordedAt().toString());
        return summary;
    }
}
