package io.autobiz.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.businessconfig.BusinessConfigProperties;
import io.autobiz.businessconfig.BusinessConfigStartup;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.config.BusinessConfigs;
import io.autobiz.kernel.config.ConfigVersions;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.trace.StoredTraceEvent;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.operations.metrics.DeployedWorkflows;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.PostgresWebIT;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * INV-08 in the product (issue 16): a BusinessConfig or BPMN deploy through the admin API is activated only with
 * passing golden-suite evidence for exactly that candidate; without it the API refuses with the failing gates or the
 * missing evidence, and the running version stays active. An administrator's override is recorded and counted.
 */
@IntegrationInternal
class DeployGateIT extends PostgresWebIT {

    private static final TenantId ACME = TenantId.of("acme");
    private static final String CONFIG = "/admin/tenants/acme/config";
    private static final String DEPLOY = "/admin/workflows/deployments";
    private static final String EVIDENCE = "/admin/gate/evidence";

    @Autowired
    ConfigVersions versions;

    @Autowired
    BusinessConfigs configs;

    @Autowired
    DeployedArtifacts deployed;

    @Autowired
    KernelExecutor kernel;

    @Autowired
    Traces traces;

    @Autowired
    MeterRegistry meters;

    @Autowired
    RepositoryService repository;

    @Autowired
    IdentityService identity;

    @Autowired
    DeployedWorkflows deployedWorkflows;

    @Autowired
    TenantProperties tenantProperties;

    @Autowired
    DeployGate gate;

    // --- helpers -------------------------------------------------------------------------------------------------

    /**
     * acme's active config with a comment of its own: a new text (a new hash) every time that behaves exactly like the
     * active one, so the other tests sharing this database see no difference.
     */
    private String candidate() {
        return versions.latest(ACME).orElseThrow().yaml() + "# INV-08 candidate " + UUID.randomUUID() + "\n";
    }

    private HttpResponse<String> putConfig(String yaml, String overrideReason) throws Exception {
        return overrideReason == null
                ? send("PUT", CONFIG, ops(), "application/yaml", yaml.getBytes(StandardCharsets.UTF_8))
                : sendWith(
                        "PUT",
                        CONFIG,
                        "application/yaml",
                        yaml.getBytes(StandardCharsets.UTF_8),
                        DeployGate.OVERRIDE_HEADER,
                        overrideReason);
    }

    /** As the administrator, with one extra header. */
    private HttpResponse<String> sendWith(
            String method, String path, String type, byte[] body, String header, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", type)
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(ops().getBytes(StandardCharsets.UTF_8)))
                .header(header, value)
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The start-up import as the application runs it, reading the stores' config files from {@code files}. */
    private BusinessConfigStartup startUpReading(Path files) {
        return new BusinessConfigStartup(
                tenantProperties,
                new BusinessConfigProperties(List.of(files.toUri().toString()), Duration.ofSeconds(5)),
                configs,
                versions,
                gate);
    }

    private static GateEvidence evidence(String yaml, ArtifactHashes bpmn, int p1Passed) {
        return TestEvidence.of("acme", yaml, bpmn, p1Passed);
    }

    private HttpResponse<String> upload(GateEvidence evidence) throws Exception {
        HttpResponse<String> uploaded = send(
                "POST",
                EVIDENCE,
                ops(),
                "application/json",
                GateEvidenceFiles.json(evidence).getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        return uploaded;
    }

    /** A new run of acme, refused at its permission check: its trace records the config it ran under. */
    private String configOfANewRun() {
        String runId = "run-inv08-" + UUID.randomUUID();
        RunContext run = new RunContext(ACME, runId, "corr-" + runId, "workflow:inv08-probe", "inv08-probe");
        assertThatThrownBy(() -> kernel.execute(run, new ToolCall(ToolRef.parse("shopify.order.get@1"), (ObjectNode)
                        Json.parse("{\"orderName\":\"#1001\"}"))))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        List<StoredTraceEvent> transcript = traces.transcript(ACME, runId);
        assertThat(transcript).isNotEmpty();
        return transcript.get(transcript.size() - 1).configSha256();
    }

    private double inv08(String kind) {
        FunctionCounter counter = meters.find("invariant_violation_total")
                .tag("invariant", "INV-08")
                .tag("kind", kind)
                .functionCounter();
        assertThat(counter)
                .as("invariant_violation_total{invariant=INV-08, kind=" + kind + "}")
                .isNotNull();
        return counter.count();
    }

    private static String probeDiagram(String name) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="autobiz-inv08">
                  <process id="inv08-probe" name="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <startEvent id="Start" />
                    <sequenceFlow id="Flow" sourceRef="Start" targetRef="End" />
                    <endEvent id="End" />
                  </process>
                </definitions>
                """.formatted(name);
    }

    private long probeVersions() {
        return repository
                .createProcessDefinitionQuery()
                .processDefinitionKey("inv08-probe")
                .count();
    }

    private HttpResponse<String> deployProbe(String name, String overrideReason) throws Exception {
        byte[] body = Json.write(
                        Json.mapper().valueToTree(Map.of("diagrams", Map.of("inv08-probe.bpmn", probeDiagram(name)))))
                .getBytes(StandardCharsets.UTF_8);
        return overrideReason == null
                ? send("POST", DEPLOY, ops(), "application/json", body)
                : sendWith("POST", DEPLOY, "application/json", body, DeployGate.OVERRIDE_HEADER, overrideReason);
    }

    // --- BusinessConfig ------------------------------------------------------------------------------------------

    @Test
    @DisplayName(
            "P1-T08-NEG-no-evidence INV-08 P1-T18 attack: an administrator's config with no golden-suite evidence is refused (409), the"
                    + " old version stays active and a new run uses it")
    void configWithoutEvidenceIsRefused() throws Exception {
        var before = versions.latest(ACME).orElseThrow();
        String yaml = candidate();

        HttpResponse<String> refused = putConfig(yaml, null);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode answer = Json.parse(refused.body());
        assertThat(answer.get("error").asText()).isEqualTo("DEPLOY_GATE_NO_EVIDENCE");
        assertThat(answer.get("message").asText())
                .contains("no evidence for config hash " + Digests.sha256Hex(yaml) + " / BPMN hash "
                        + deployed.diagrams().combined());
        assertThat(versions.latest(ACME).orElseThrow().version()).isEqualTo(before.version());
        assertThat(configs.activeFor(ACME).orElseThrow().sha256()).isEqualTo(before.sha256());
        assertThat(configOfANewRun()).as("the config a new run records").isEqualTo(before.sha256());
    }

    @Test
    @DisplayName(
            "P1-T08-NEG-below-gate INV-08 P1-T18 a config whose evidence fails the P1 gate (88 of 90, Wilson LCB below 0.95) is refused"
                    + " with the failing gate and its numbers; the old version keeps running")
    void configBelowTheGateIsRefused() throws Exception {
        var before = versions.latest(ACME).orElseThrow();
        String yaml = candidate();
        upload(evidence(yaml, deployed.diagrams(), 88));

        HttpResponse<String> refused = putConfig(yaml, null);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode answer = Json.parse(refused.body());
        assertThat(answer.get("error").asText()).isEqualTo("DEPLOY_GATE_FAILED");
        assertThat(answer.get("invariant").asText()).isEqualTo("INV-08");
        JsonNode failing = answer.get("failing_gates");
        assertThat(failing).hasSize(1);
        assertThat(failing.get(0).get("gate").asText()).isEqualTo("golden_p1_workflows");
        assertThat(failing.get(0).get("n").asInt()).isEqualTo(90);
        assertThat(failing.get(0).get("k").asInt()).isEqualTo(88);
        assertThat(failing.get(0).get("wilson_lower_bound").asDouble()).isLessThan(GateEvaluator.LCB_THRESHOLD);
        assertThat(configOfANewRun()).isEqualTo(before.sha256());
    }

    @Test
    @DisplayName(
            "P1-T08-NEG-other-config INV-08 P1-T18 passing evidence for another config (another hash) does not let this one through")
    void evidenceForAnotherConfigDoesNotCount() throws Exception {
        var before = versions.latest(ACME).orElseThrow();
        String tested = candidate();
        String deployedInstead = tested + "# not the tested text\n";
        upload(evidence(tested, deployed.diagrams(), 90));

        HttpResponse<String> refused = putConfig(deployedInstead, null);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(Json.parse(refused.body()).get("message").asText())
                .contains("no evidence for config hash " + Digests.sha256Hex(deployedInstead));
        assertThat(versions.latest(ACME).orElseThrow().version()).isEqualTo(before.version());
    }

    @Test
    @DisplayName("INV-08 P1-T18 P1-T28 passing evidence for exactly this config and the deployed diagrams: the config"
            + " is activated and new runs use it")
    void configWithPassingEvidenceIsActivated() throws Exception {
        var before = versions.latest(ACME).orElseThrow();
        String yaml = candidate();
        GateEvidence passing = evidence(yaml, deployed.diagrams(), 90);
        String evidenceSha =
                Json.parse(upload(passing).body()).get("evidence_sha256").asText();

        HttpResponse<String> accepted = putConfig(yaml, null);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        JsonNode answer = Json.parse(accepted.body());
        assertThat(answer.get("version").asLong()).isEqualTo(before.version() + 1);
        assertThat(answer.get("gate_evidence_sha256").asText()).isEqualTo(evidenceSha);
        assertThat(configOfANewRun()).isEqualTo(Digests.sha256Hex(yaml));
    }

    @Test
    @DisplayName("INV-08 an administrator's override deploys a refused config, recorded with reason and identity,"
            + " counted as invariant_violation_total{INV-08, override} and raising businessconfig_override_active")
    void overrideIsRecordedAndCounted() throws Exception {
        String yaml = candidate();
        double overridesBefore = inv08("override");
        double refusalsBefore = inv08("refused");
        assertThat(putConfig(yaml, null).statusCode()).isEqualTo(409);
        assertThat(inv08("refused")).isEqualTo(refusalsBefore + 1);
        assertThat(putConfig(yaml, "   ").statusCode()).as("a blank reason").isEqualTo(400);

        HttpResponse<String> forced = putConfig(yaml, "hotfix: Printful outage, golden run pending (CHG-1234)");

        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
        assertThat(configs.activeFor(ACME).orElseThrow().sha256()).isEqualTo(Digests.sha256Hex(yaml));
        assertThat(inv08("override")).isEqualTo(overridesBefore + 1);
        HttpResponse<String> listed = get("/admin/gate/overrides", ops());
        JsonNode newest = Json.parse(listed.body()).get(0);
        assertThat(newest.get("id").asLong())
                .isEqualTo(Json.parse(forced.body()).get("gate_override").asLong());
        assertThat(newest.get("kind").asText()).isEqualTo("CONFIG");
        assertThat(newest.get("store").asText()).isEqualTo("acme");
        assertThat(newest.get("configSha256").asText()).isEqualTo(Digests.sha256Hex(yaml));
        assertThat(newest.get("reason").asText()).isEqualTo("hotfix: Printful outage, golden run pending (CHG-1234)");
        assertThat(newest.get("overriddenBy").asText()).isEqualTo("ops");
        assertThat(newest.get("blockedBy").asText()).startsWith("no evidence for config hash");

        deployedWorkflows.refresh();
        Gauge signal = meters.find("businessconfig_override_active")
                .tag("tenant", "acme")
                .gauge();
        assertThat(signal).as("businessconfig_override_active{tenant=acme}").isNotNull();
        assertThat(signal.value()).isEqualTo(1.0);
        assertThat(meters.find("workflow_definition_rolled_back").gauges())
                .as("a config is not a workflow: no workflow_definition_rolled_back row for it")
                .noneMatch(gauge -> gauge.getId().getTag("workflow").startsWith("businessconfig:"));
    }

    @Test
    @DisplayName("INV-08 RB-05 rollback: PUT of an earlier version's exact text activates it again as a new version,"
            + " gated like any deploy (its evidence still counts), and new runs use it")
    void rollbackToAnEarlierTextIsANewVersion() throws Exception {
        String earlier = candidate();
        upload(evidence(earlier, deployed.diagrams(), 90));
        assertThat(putConfig(earlier, null).statusCode()).isEqualTo(200);
        String later = candidate();
        upload(evidence(later, deployed.diagrams(), 90));
        assertThat(putConfig(later, null).statusCode()).isEqualTo(200);
        long laterVersion = versions.latest(ACME).orElseThrow().version();

        HttpResponse<String> rolledBack = putConfig(earlier, null);

        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(Json.parse(rolledBack.body()).get("version").asLong()).isEqualTo(laterVersion + 1);
        assertThat(versions.latest(ACME).orElseThrow().yaml()).isEqualTo(earlier);
        assertThat(configOfANewRun()).isEqualTo(Digests.sha256Hex(earlier));
    }

    @Test
    @DisplayName(
            "P1-T08-NEG-startup-file INV-08 attack: an edited config file for a store that already runs a config is not activated at"
                    + " start-up without evidence (the old version keeps running, counted as INV-08 refused); with passing"
                    + " evidence for exactly that text the next start-up activates it")
    void editedConfigFileAtStartUpIsGated(@TempDir Path files) throws Exception {
        var before = versions.latest(ACME).orElseThrow();
        String edited = candidate();
        Files.writeString(files.resolve("acme.yml"), edited);
        BusinessConfigStartup startUp = startUpReading(files);
        double refusalsBefore = inv08("refused");

        startUp.run(null);

        assertThat(versions.latest(ACME).orElseThrow().version()).isEqualTo(before.version());
        assertThat(configOfANewRun()).isEqualTo(before.sha256());
        assertThat(inv08("refused")).isEqualTo(refusalsBefore + 1);

        upload(evidence(edited, deployed.diagrams(), 90));
        startUp.run(null);

        assertThat(versions.latest(ACME).orElseThrow().version()).isEqualTo(before.version() + 1);
        assertThat(configOfANewRun()).isEqualTo(Digests.sha256Hex(edited));
    }

    @Test
    @DisplayName("INV-08 CC-01 a BPMN deploy that would break a store's active config (a task calling a tool that does"
            + " not exist) is refused with the failing compile checks, an override does not skip them, nothing is"
            + " deployed")
    void diagramsThatBreakAStoresConfigAreRefused() throws Exception {
        long before = repository
                .createProcessDefinitionQuery()
                .processDefinitionKey("inv08-tools")
                .count();
        String diagram = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                             xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="autobiz-inv08">
                  <process id="inv08-tools" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <startEvent id="Start" />
                    <sequenceFlow id="In" sourceRef="Start" targetRef="Call" />
                    <serviceTask id="Call" camunda:delegateExpression="${toolTask}">
                      <extensionElements><camunda:field name="tool" stringValue="nosuch.tool.call" /></extensionElements>
                    </serviceTask>
                    <sequenceFlow id="Out" sourceRef="Call" targetRef="End" />
                    <endEvent id="End" />
                  </process>
                </definitions>
                """;
        byte[] body = Json.write(Json.mapper().valueToTree(Map.of("diagrams", Map.of("inv08-tools.bpmn", diagram))))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> refused =
                sendWith("POST", DEPLOY, "application/json", body, DeployGate.OVERRIDE_HEADER, "CC attack");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode answer = Json.parse(refused.body());
        assertThat(answer.get("error").asText()).isEqualTo("DIAGRAMS_BREAK_CONFIG");
        assertThat(answer.get("violations").toString())
                .contains("\"store\":\"acme\"", "\"code\":\"CC-01\"", "inv08-tools/Call", "nosuch.tool.call");
        assertThat(repository
                        .createProcessDefinitionQuery()
                        .processDefinitionKey("inv08-tools")
                        .count())
                .as("nothing deployed")
                .isEqualTo(before);
    }

    @Test
    @DisplayName(
            "P1-T08-NEG-not-admin INV-08 only administrators upload evidence, override or deploy: a non-administrator gets 403")
    void nonAdministratorsAreRefused() throws Exception {
        if (identity.createUserQuery().userId("clerk8").count() == 0) {
            var clerk = identity.newUser("clerk8");
            clerk.setPassword(OPERATOR_PASSWORD);
            identity.saveUser(clerk);
        }
        String clerk = "clerk8:" + OPERATOR_PASSWORD;
        String yaml = candidate();
        byte[] evidence =
                GateEvidenceFiles.json(evidence(yaml, deployed.diagrams(), 90)).getBytes(StandardCharsets.UTF_8);

        assertThat(send("POST", EVIDENCE, clerk, "application/json", evidence).statusCode())
                .isEqualTo(403);
        assertThat(send("PUT", CONFIG, clerk, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", DEPLOY, clerk, "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/admin/gate/overrides", clerk).statusCode()).isEqualTo(403);
    }

    // --- evidence ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName(
            "P1-T08-NEG-forged-evidence INV-08 evidence that claims a pass its numbers do not give, or whose upload hash differs, is refused")
    void forgedEvidenceIsRefused() throws Exception {
        GateEvidence honest = evidence(candidate(), deployed.diagrams(), 88);
        String forged = GateEvidenceFiles.json(honest)
                .replace("\"deploy_blocked\" : true", "\"deploy_blocked\" : false")
                .replace("\"blocked_by\" : [ \"golden_p1_workflows\" ]", "\"blocked_by\" : [ ]")
                .replaceFirst("(\"gate\" : \"golden_p1_workflows\",[\\s\\S]*?\"passed\" : )false", "$1true");
        assertThat(forged).contains("\"deploy_blocked\" : false");

        HttpResponse<String> refused =
                send("POST", EVIDENCE, ops(), "application/json", forged.getBytes(StandardCharsets.UTF_8));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("EVIDENCE_INVALID", "golden_p1_workflows: claims passed=true");

        HttpResponse<String> mismatch = sendWith(
                "POST",
                EVIDENCE,
                "application/json",
                GateEvidenceFiles.json(honest).getBytes(StandardCharsets.UTF_8),
                "X-Evidence-Sha256",
                "0".repeat(64));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("EVIDENCE_HASH_MISMATCH");
    }

    @Test
    @DisplayName(
            "P1-T08-NEG-rewritten-evidence INV-08 attack: the database owner turns a failing evidence row into a passing one; its text no longer"
                    + " hashes to its recorded SHA-256, so it counts as no evidence and the deploy is refused")
    void evidenceRewrittenInTheDatabaseDoesNotCount() throws Exception {
        String yaml = candidate();
        String sha = Json.parse(upload(evidence(yaml, deployed.diagrams(), 88)).body())
                .get("evidence_sha256")
                .asText();
        String passing = GateEvidenceFiles.json(evidence(yaml, deployed.diagrams(), 90));
        try (var owner = DATABASE.ownerDataSource().getConnection();
                var rewrite =
                        owner.prepareStatement("update gate_evidence set evidence = ? where evidence_sha256 = ?")) {
            rewrite.setString(1, passing);
            rewrite.setString(2, sha);
            assertThat(rewrite.executeUpdate())
                    .as("the owner keeps UPDATE on the append-only table")
                    .isEqualTo(1);
        }

        HttpResponse<String> refused = putConfig(yaml, null);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(Json.parse(refused.body()).get("error").asText()).isEqualTo("DEPLOY_GATE_NO_EVIDENCE");
    }

    // --- BPMN ----------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("INV-08 P1-T18 BPMN through the admin API: refused without evidence (nothing deployed), deployed with"
            + " passing evidence for exactly the resulting diagrams, and an override raises the rollback/override"
            + " signal")
    void diagramsAreGated() throws Exception {
        long versionsBefore = probeVersions();
        HttpResponse<String> refused = deployProbe("Probe one", null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("DEPLOY_GATE_NO_EVIDENCE", "no evidence for BPMN hash");
        assertThat(probeVersions()).as("nothing deployed").isEqualTo(versionsBefore);

        String acme = versions.latest(ACME).orElseThrow().yaml();
        ArtifactHashes withProbe = deployed.diagramsWith(
                Map.of("inv08-probe.bpmn", probeDiagram("Probe one").getBytes(StandardCharsets.UTF_8)));
        upload(evidence(acme, withProbe, 90));
        HttpResponse<String> accepted = deployProbe("Probe one", null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        assertThat(probeVersions()).isEqualTo(versionsBefore + 1);
        assertThat(deployed.diagrams().combined()).isEqualTo(withProbe.combined());

        HttpResponse<String> forced = deployProbe("Probe two", "rollback rehearsal (RB-05)");
        assertThat(forced.statusCode()).as(forced.body()).isEqualTo(201);
        assertThat(probeVersions()).isEqualTo(versionsBefore + 2);
        deployedWorkflows.refresh();
        Gauge signal = meters.find("workflow_definition_rolled_back")
                .tag("workflow", "inv08-probe")
                .gauge();
        assertThat(signal).isNotNull();
        assertThat(signal.value()).isEqualTo(1.0);
    }

    @Test
    @DisplayName(
            "P1-T08-NEG-engine-rest INV-08 the engine REST API's own deployment/create and redeploy are closed, for administrators too")
    void engineRestDeploymentIsClosed() throws Exception {
        HttpResponse<String> create = send(
                "POST",
                "/engine-rest/deployment/create",
                ops(),
                "multipart/form-data; boundary=x",
                "--x--\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.body()).contains("/admin/workflows/deployments");
        assertThat(send("POST", "/engine-rest/deployment/some-id/redeploy", ops(), "application/json", "{}".getBytes())
                        .statusCode())
                .isEqualTo(403);
    }
}
