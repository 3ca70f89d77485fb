package io.autobiz.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autobiz.gate.ArtifactHashes;
import io.autobiz.gate.DeployGate;
import io.autobiz.gate.DeployedArtifacts;
import io.autobiz.gate.GateEvidenceFiles;
import io.autobiz.gate.GateEvidenceStore;
import io.autobiz.gate.Release;
import io.autobiz.gate.TestEvidence;
import io.autobiz.kernel.config.ConfigVersions;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.testing.stage.GoldenSuite;
import io.autobiz.testsupport.PostgresWebIT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code POST /admin/gate/golden-runs} (P1-T18, INV-08): an administrator runs the golden suite for a candidate config
 * from the admin API; the run plays in a child JVM of the application (its own in-memory database, the in-process
 * sandboxes), and its evidence is stored where the deploy gate reads it, which then decides exactly as it decides on
 * uploaded evidence: the candidate config is refused before the run and deployed after it.
 */
@GoldenSuite
class GoldenRunAdminIT extends PostgresWebIT {

    private static final String RUNS = "/admin/gate/golden-runs";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One P0 and one P1 case the sandboxes play, often enough for both golden gates (80 P1 trials, bound 0.954). */
    private static final String CASES = "wf02-unpaid-order-cancelled|wf05-wismo-unknown-order";

    @Autowired
    ConfigVersions configs;

    @Autowired
    DeployedArtifacts deployed;

    @Autowired
    DeployGate gate;

    @Autowired
    GateEvidenceStore evidenceStore;

    @Autowired
    Release release;

    @Autowired
    DataSource dataSource;

    @Autowired
    TenantProperties stores;

    @Test
    @DisplayName("P1-T18 INV-08 the admin API refuses a golden run without an administrator (401, typed) and a bad"
            + " candidate (400)")
    void refusesWithoutAdminAndBadCandidates() throws Exception {
        HttpResponse<String> anonymous = post(null, Map.of("store", "acme", "config", "tenant: acme\n"));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("error").asText()).isEqualTo("UNAUTHENTICATED");

        HttpResponse<String> empty = post(ops(), Map.of());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(empty.body()).path("error").asText()).isEqualTo("GOLDEN_RUN_INVALID");

        HttpResponse<String> unknownStore = post(ops(), Map.of("store", "no-such-store", "config", "tenant: x\n"));
        assertThat(unknownStore.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownStore.body()).path("message").asText()).contains("no-such-store");

        HttpResponse<String> notBpmn = post(ops(), Map.of("diagrams", Map.of("refund.txt", "hello")));
        assertThat(notBpmn.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notBpmn.body()).path("error").asText()).isEqualTo("GOLDEN_RUN_INVALID");

        // CI's evidence of another commit cannot vouch for the code this node runs.
        String otherCommit = "0123456789abcdef0123456789abcdef01234567";
        assertThat(release.commit())
                .as("the build wrote git.properties")
                .isPresent()
                .isNotEqualTo(otherCommit);
        String staleSha = evidenceStore
                .record(
                        GateEvidenceFiles.json(TestEvidence.of(
                                "acme", "tenant: acme\n# old ci\n", deployed.diagrams(), 90, otherCommit)),
                        GateEvidenceStore.Source.UPLOAD,
                        "ci")
                .sha256();
        HttpResponse<String> stale =
                post(ops(), Map.of("store", "acme", "config", "tenant: acme\n", "code_evidence_sha256", staleSha));
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(400);
        assertThat(JSON.readTree(stale.body()).path("error").asText()).isEqualTo("GOLDEN_RUN_INVALID");
        assertThat(JSON.readTree(stale.body()).path("message").asText())
                .contains(otherCommit, release.commit().orElseThrow());

        assertThat(get(RUNS + "/no-such-run", ops()).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("P1-T18 P1-T-EXIT-05 INV-08 a golden run started from the admin API plays the cases in a child JVM,"
            + " stores its evidence for exactly the candidate config and the deployed diagrams, and the deploy gate"
            + " that refused the config before accepts it after")
    void runsTheSuiteForACandidateAndTheGateAcceptsIt() throws Exception {
        String candidate = configs.latest(TenantId.of("acme")).orElseThrow().yaml() + "\n# golden run candidate "
                + Instant.now() + "\n";
        assertThat(gate.forConfig("acme", candidate).allowed())
                .as("no evidence for the candidate yet")
                .isFalse();
        // CI's evidence of the running release: its hygiene and P0-test gates are carried into the run's evidence.
        String codeEvidence = GateEvidenceFiles.json(TestEvidence.of(
                "acme",
                "tenant: acme\n# ci\n",
                deployed.diagrams(),
                90,
                release.commit().orElseThrow()));
        String codeSha = evidenceStore
                .record(codeEvidence, GateEvidenceStore.Source.UPLOAD, "ci")
                .sha256();

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("store", "acme");
        request.put("config", candidate);
        request.put("code_evidence_sha256", codeSha);
        request.put("cases", CASES);
        request.put("runs", 8);
        request.put("p1_repeat", 10);
        HttpResponse<String> started = post(ops(), request);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
        assertThat(started.headers().firstValue("Location")).hasValue(RUNS + "/" + id);

        JsonNode run = waitForEnd(id, Duration.ofMinutes(12));
        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("DONE");
        assertThat(run.path("case_runs").asInt()).isEqualTo(8 + 80);
        assertThat(run.path("case_runs_failed").asInt())
                .as(run.path("results").toString())
                .isZero();
        assertThat(run.path("not_played").size()).isZero();

        String evidenceSha = run.path("evidence").path("evidence_sha256").asText();
        GateEvidenceStore.Stored stored = evidenceStore.bySha256(evidenceSha).orElseThrow();
        assertThat(stored.source()).isEqualTo(GateEvidenceStore.Source.SUITE);
        assertThat(stored.recordedBy()).isEqualTo("golden-run " + id + " by ops");
        assertThat(stored.evidence().businessConfigFiles())
                .containsEntry("acme.yml", ArtifactHashes.fileHash(candidate.getBytes(StandardCharsets.UTF_8)));
        assertThat(stored.evidence().bpmnHash()).isEqualTo(deployed.diagrams().combined());
        assertThat(stored.failingGates()).isEmpty();
        assertThat(run.path("deploy_gate").path("allowed").asBoolean()).isTrue();

        DeployGate.Decision decision = gate.forConfig("acme", candidate);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.evidence().orElseThrow().sha256()).isEqualTo(evidenceSha);
        HttpResponse<String> deployedConfig = send(
                "PUT",
                "/admin/tenants/acme/config",
                ops(),
                "application/yaml",
                candidate.getBytes(StandardCharsets.UTF_8));
        assertThat(deployedConfig.statusCode()).as(deployedConfig.body()).isEqualTo(200);
        assertThat(configs.latest(TenantId.of("acme")).orElseThrow().yaml()).isEqualTo(candidate);
    }

    @Test
    @DisplayName("P1-T18 INV-08 golden runs outlive their node: after a restart a finished run is still shown, one its"
            + " node was playing ends FAILED, and another node's run is left alone and shown on every node")
    void runsOutliveARestartOfTheirNode() throws Exception {
        GoldenRunRows rows = new GoldenRunRows(dataSource);
        GoldenRuns.Candidate candidate = new GoldenRuns.Candidate("acme", "tenant: acme\n", Map.of(), null, ".*", 1, 1);
        Instant now = Instant.now();
        String playing = UUID.randomUUID().toString();
        String finished = UUID.randomUUID().toString();
        String elsewhere = UUID.randomUUID().toString();
        for (String id : List.of(playing, finished)) {
            rows.started(new GoldenRunRows.Row(
                    id,
                    GoldenRuns.State.RUNNING,
                    "node-a",
                    "ops",
                    now,
                    candidate,
                    Path.of("/nowhere", id),
                    null,
                    null,
                    null));
        }
        rows.started(new GoldenRunRows.Row(
                elsewhere,
                GoldenRuns.State.RUNNING,
                "node-b",
                "ops",
                now,
                candidate,
                Path.of("/nowhere"),
                null,
                null,
                null));
        assertThat(rows.finished(finished, GoldenRuns.State.DONE, now, null, null))
                .isTrue();

        GoldenRuns nodeAAgain = new GoldenRuns(
                dataSource,
                "node-a",
                deployed,
                gate,
                evidenceStore,
                release,
                stores,
                Clock.systemUTC(),
                Path.of(System.getProperty("java.io.tmpdir")),
                "256m",
                Duration.ofMinutes(1));
        nodeAAgain.failRunsOfBeforeARestart();

        assertThat(nodeAAgain.find(playing).orElseThrow().describe())
                .containsEntry("state", GoldenRuns.State.FAILED)
                .containsEntry("problem", GoldenRuns.STOPPED_WHILE_RUNNING)
                .containsEntry("node", "node-a");
        assertThat(nodeAAgain.find(finished).orElseThrow().state()).isEqualTo(GoldenRuns.State.DONE);
        assertThat(nodeAAgain.find(elsewhere).orElseThrow().state()).isEqualTo(GoldenRuns.State.RUNNING);
        assertThat(rows.finished(finished, GoldenRuns.State.FAILED, now, "again", null))
                .as("a run ends once")
                .isFalse();
        // The serving node of this test is neither node-a nor node-b, and answers for both.
        assertThat(shown(playing).path("state").asText()).isEqualTo("FAILED");
        assertThat(shown(elsewhere).path("node").asText()).isEqualTo("node-b");
    }

    @Test
    @DisplayName("P1-T18 P1-T-EXIT-05 the sandboxes of a golden run play every golden case, and every case passes in"
            + " them: Printful orders of the case's own ID, status and reads, shipment webhooks for them, what Stripe"
            + " shows once a payment is captured, and WF07's closeout store")
    void theSandboxesPlayEveryCase() throws Exception {
        String candidate =
                configs.latest(TenantId.of("acme")).orElseThrow().yaml() + "\n# every case " + Instant.now() + "\n";
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("store", "acme");
        request.put("config", candidate);
        request.put("runs", 1);
        request.put("p1_repeat", 1);
        HttpResponse<String> started = post(ops(), request);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);

        JsonNode run = waitForEnd(JSON.readTree(started.body()).path("id").asText(), Duration.ofMinutes(15));
        assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("DONE");
        assertThat(run.path("not_played").size())
                .as(run.path("not_played").toString())
                .isZero();
        List<String> failed = new ArrayList<>();
        run.path("results").forEach(result -> {
            if (!result.path("passed").asBoolean()) {
                failed.add(result.path("case").asText() + ": "
                        + result.path("failure").asText());
            }
        });
        assertThat(failed).as("cases that failed in the sandboxes").isEmpty();
        assertThat(run.path("case_runs").asInt()).isEqualTo(GoldenCases.all().size());
    }

    private JsonNode waitForEnd(String id, Duration limit) {
        return await().atMost(limit)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> shown(id), run -> !run.path("state").asText().equals("RUNNING"));
    }

    private JsonNode shown(String id) throws Exception {
        HttpResponse<String> shown = get(RUNS + "/" + id, ops());
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        return JSON.readTree(shown.body());
    }

    private HttpResponse<String> post(String auth, Map<String, ?> body) throws Exception {
        return send("POST", RUNS, auth, "application/json", JSON.writeValueAsBytes(body));
    }
}
