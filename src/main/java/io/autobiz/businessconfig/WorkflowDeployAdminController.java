package io.autobiz.businessconfig;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.autobiz.delegates.BpmnProcessGraphs;
import io.autobiz.gate.DeployGate;
import io.autobiz.kernel.config.BusinessConfigParser;
import io.autobiz.kernel.config.BusinessConfigValidator;
import io.autobiz.kernel.config.ConfigVersions;
import io.autobiz.kernel.config.ConfigViolation;
import io.autobiz.kernel.config.ProcessGraph;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.security.AdminApiAuthentication;
import io.autobiz.tenancy.TenantProperties;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators deploy BPMN diagrams, gated like a BusinessConfig (INV-08): {@code POST /admin/workflows/deployments}
 * with {@code {"diagrams": {"refund.bpmn": "<definitions ...>"}}} deploys the diagrams, shared by every store, through
 * the engine's {@link RepositoryService} only when golden-suite evidence for exactly the diagrams new runs would then
 * start on (these laid over the ones deployed) passes the gate; otherwise 409 with the failing gates or the missing
 * evidence, and nothing is deployed. Before the gate, every store's active BusinessConfig is checked again against
 * the diagrams new runs would then start on (the compile checks CC-01..05, as at start-up and in {@link ConfigCheck}):
 * diagrams that break a store's config are refused with 422 and every failing check per store, override or not. An
 * override with a reason in {@value DeployGate#OVERRIDE_HEADER} is recorded
 * with the deployment and counted as an INV-08 violation. The engine's own {@code /engine-rest/deployment/create}
 * is closed ({@link EngineDeploymentGuard}), so this is the way diagrams change while the application runs.
 */
@RestController
class WorkflowDeployAdminController {

    /** The request body. */
    record DeployRequest(@JsonProperty("diagrams") Map<String, String> diagrams) {}

    static final String DEPLOYMENT_NAME = "autobiz-admin";
    private static final Logger log = LoggerFactory.getLogger(WorkflowDeployAdminController.class);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.bpmn");
    private static final int MAX_DIAGRAM_BYTES = 1024 * 1024;

    private final RepositoryService repository;
    private final DeployGate gate;
    private final DeployedProcesses deployed;
    /** Every tool of this build, as ConfigCheck reads them: their contracts are what the checks compare with. */
    private final List<Tool> tools;

    private final ConfigVersions versions;
    private final TenantProperties stores;

    WorkflowDeployAdminController(
            @Lazy RepositoryService repository,
            DeployGate gate,
            @Lazy DeployedProcesses deployed,
            List<Tool> tools,
            ConfigVersions versions,
            TenantProperties stores) {
        this.repository = repository;
        this.gate = gate;
        this.deployed = deployed;
        this.tools = tools;
        this.versions = versions;
        this.stores = stores;
    }

    @PostMapping(path = "/admin/workflows/deployments", consumes = "application/json")
    ResponseEntity<Map<String, Object>> deploy(
            @RequestBody DeployRequest request,
            @RequestHeader(name = DeployGate.OVERRIDE_HEADER, required = false) String overrideReason,
            @RequestAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE) String admin) {
        Map<String, byte[]> diagrams = new TreeMap<>();
        List<ProcessGraph> graphs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (request == null || request.diagrams() == null || request.diagrams().isEmpty()) {
            problems.add("diagrams: name at least one file name → BPMN XML");
        } else {
            request.diagrams().forEach((name, xml) -> {
                byte[] bytes = xml == null ? new byte[0] : xml.getBytes(StandardCharsets.UTF_8);
                if (!FILE_NAME.matcher(name).matches()) {
                    problems.add(name + ": a diagram's name is a file name ending in .bpmn");
                } else if (bytes.length == 0 || bytes.length > MAX_DIAGRAM_BYTES) {
                    problems.add(name + ": empty or larger than " + MAX_DIAGRAM_BYTES + " bytes");
                } else {
                    try {
                        graphs.addAll(BpmnProcessGraphs.of(Bpmn.readModelFromStream(new ByteArrayInputStream(bytes))));
                        diagrams.put(name, bytes);
                    } catch (RuntimeException e) {
                        problems.add(
                                name + ": not a BPMN diagram (" + e.getClass().getSimpleName() + ")");
                    }
                }
            });
        }
        if (!problems.isEmpty()) {
            return ResponseEntity.badRequest()
                    .body(Map.of("error", "DIAGRAMS_INVALID", "message", "nothing was deployed", "problems", problems));
        }
        List<Map<String, String>> broken = configViolations(graphs);
        if (!broken.isEmpty()) {
            log.warn("admin {}'s diagrams would break {} check(s) of the stores' configs", admin, broken.size());
            return ResponseEntity.unprocessableEntity()
                    .body(Map.of(
                            "error",
                            "DIAGRAMS_BREAK_CONFIG",
                            "message",
                            "nothing was deployed: with these diagrams a store's active BusinessConfig fails the"
                                    + " compile checks; change the diagrams or the configs first",
                            "violations",
                            broken));
        }
        DeployGate.Decision decision = gate.forDiagrams(diagrams);
        if (!decision.allowed()) {
            if (overrideReason == null) {
                gate.refused(decision, admin);
                return ResponseEntity.status(409).body(decision.refusal());
            }
            try {
                DeployGate.checkedReason(overrideReason);
            } catch (DeployGate.BadOverride e) {
                return ResponseEntity.badRequest().body(Map.of("error", "OVERRIDE_INVALID", "message", e.getMessage()));
            }
        }
        DeploymentWithDefinitions deployment;
        try {
            DeploymentBuilder builder =
                    repository.createDeployment().name(DEPLOYMENT_NAME).source("AutoBiz admin API (" + admin + ")");
            diagrams.forEach((name, xml) -> builder.addInputStream(name, new ByteArrayInputStream(xml)));
            deployment = builder.deployWithResult();
        } catch (ProcessEngineException e) {
            log.warn("admin {}'s diagrams were refused by the engine: {}", admin, e.getMessage());
            return ResponseEntity.unprocessableEntity()
                    .body(Map.of(
                            "error",
                            "DIAGRAMS_REFUSED_BY_ENGINE",
                            "message",
                            "the engine refused the diagrams; nothing was deployed: " + e.getMessage()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deployment_id", deployment.getId());
        answer.put("bpmn_hash", decision.bpmnHash());
        Map<String, Integer> versions = new TreeMap<>();
        for (ProcessDefinition definition : deployment.getDeployedProcessDefinitions()) {
            versions.put(definition.getKey(), definition.getVersion());
        }
        answer.put("versions", versions);
        if (decision.allowed()) {
            gate.accepted(decision);
            answer.put("gate_evidence_sha256", decision.evidence().orElseThrow().sha256());
        } else {
            answer.put(
                    "gate_override",
                    gate.overridden(decision, overrideReason, admin, deployment.getId())
                            .id());
        }
        log.info("admin {} deployed diagrams {} as deployment {}", admin, diagrams.keySet(), deployment.getId());
        return ResponseEntity.status(201).body(answer);
    }

    /**
     * Every store's active config checked against the workflows new runs would start on: the deployed ones with
     * {@code candidate}'s processes in place of those of the same key.
     */
    private List<Map<String, String>> configViolations(List<ProcessGraph> candidate) {
        Set<String> replaced = new HashSet<>();
        candidate.forEach(graph -> replaced.add(graph.processKey()));
        List<ProcessGraph> workflows = new ArrayList<>(candidate);
        deployed.latest().stream()
                .filter(graph -> !replaced.contains(graph.processKey()))
                .forEach(workflows::add);
        List<ToolContract> catalog = tools.stream().map(Tool::contract).toList();
        BusinessConfigParser parser = new BusinessConfigParser();
        BusinessConfigValidator validator = new BusinessConfigValidator();
        List<Map<String, String>> broken = new ArrayList<>();
        for (String store : new TreeSet<>(stores.tenants().keySet())) {
            TenantId tenant = TenantId.of(store);
            versions.latest(tenant).ifPresent(active -> {
                // The stored config passed parsing and the store check when it was stored; only the workflows changed.
                for (ConfigViolation violation :
                        validator.validate(parser.parse(active.yaml()).config(), catalog, workflows)) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("store", store);
                    row.put("config_version", String.valueOf(active.version()));
                    row.put("code", violation.code());
                    row.put("where", violation.where());
                    row.put("message", violation.message());
                    broken.add(row);
                }
            });
        }
        return broken;
    }
}
