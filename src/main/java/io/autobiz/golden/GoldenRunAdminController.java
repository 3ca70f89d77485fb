package io.autobiz.golden;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.autobiz.security.AdminApiAuthentication;
import java.net.URI;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/gate/golden-runs} runs the golden suite for a candidate config and/or set of BPMN diagrams in a
 * separate JVM ({@link GoldenRuns}) and answers 202 with the run's ID; {@code GET /admin/gate/golden-runs/{id}} shows
 * its state, each case run's result and, once done, the evidence stored and what the deploy gate says now about the
 * candidate. Administrators only, like everything under {@code /admin} ({@link AdminApiAuthentication}).
 */
@RestController
@RequestMapping("/admin/gate/golden-runs")
@ConditionalOnBean(GoldenRuns.class)
class GoldenRunAdminController {

    /** The request body: see {@link GoldenRuns.Candidate}. */
    record StartRequest(
            String store,
            String config,
            Map<String, String> diagrams,
            @JsonProperty("code_evidence_sha256") String codeEvidenceSha256,
            String cases,
            Integer runs,
            @JsonProperty("p1_repeat") Integer p1Repeat) {}

    private final GoldenRuns runs;

    GoldenRunAdminController(GoldenRuns runs) {
        this.runs = runs;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<Map<String, Object>> start(
            @RequestBody StartRequest request, @RequestAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE) String admin) {
        try {
            GoldenRuns.Run run = runs.start(
                    new GoldenRuns.Candidate(
                            request.store(),
                            request.config(),
                            request.diagrams(),
                            request.codeEvidenceSha256(),
                            request.cases(),
                            request.runs(),
                            request.p1Repeat()),
                    admin);
            return ResponseEntity.accepted()
                    .location(URI.create("/admin/gate/golden-runs/" + run.id()))
                    .body(Map.of("id", run.id(), "state", run.state()));
        } catch (GoldenRuns.BadCandidate e) {
            return ResponseEntity.badRequest().body(Map.of("error", "GOLDEN_RUN_INVALID", "message", e.getMessage()));
        } catch (GoldenRuns.Busy e) {
            return ResponseEntity.status(409).body(Map.of("error", "GOLDEN_RUN_BUSY", "message", e.getMessage()));
        }
    }

    @GetMapping("/{id}")
    ResponseEntity<Map<String, Object>> show(@PathVariable String id) {
        return runs.find(id)
                .map(run -> ResponseEntity.ok(run.describe()))
                .orElseGet(() -> ResponseEntity.status(404)
                        .body(Map.of(
                                "error", "GOLDEN_RUN_UNKNOWN", "message", "no golden run " + id + " on this node")));
    }
}
