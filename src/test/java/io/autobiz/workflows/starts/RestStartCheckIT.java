package io.autobiz.workflows.starts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.QuickStartInstance;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 21: an integration starts workflows through {@code /engine-rest} as {@code admin}, as the quick start publishes
 * it. A start whose variables do not match the workflow's declaration is answered 400 naming the variable, and no
 * instance exists afterwards; the declared example (what docs/integrations.md shows as curl) starts one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@IntegrationInternal
class RestStartCheckIT {

    private static final QuickStartInstance APP = QuickStartInstance.create("rest-start-check-it");
    private static final String ADMIN = "admin:admin";
    private static final StartDeclarations DECLARATIONS = StartDeclarations.load();

    @DynamicPropertySource
    static void quickStart(DynamicPropertyRegistry registry) {
        APP.register(registry);
    }

    @Autowired
    HistoryService history;

    /** One way of starting a workflow over REST. */
    enum Route {
        BY_KEY,
        BY_MESSAGE
    }

    static Stream<Arguments> routes() {
        List<Arguments> routes = new ArrayList<>();
        for (StartDeclaration declaration : DECLARATIONS.all()) {
            routes.add(Arguments.of(declaration.process(), Route.BY_KEY));
            if (declaration.message().isPresent()) {
                routes.add(Arguments.of(declaration.process(), Route.BY_MESSAGE));
            }
        }
        return routes.stream();
    }

    @Test
    @DisplayName("issue 21: all seven workflows declare their start")
    void everyWorkflowIsDeclared() {
        assertThat(DECLARATIONS.all())
                .extracting(StartDeclaration::process)
                .containsExactlyInAnyOrder(
                        "order-fulfill",
                        "payment-failure",
                        "refund",
                        "order-cancel",
                        "wismo",
                        "fulfillment-exception",
                        "daily-closeout");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    @DisplayName("issue 21: a start without a required variable is a 400 naming it, and starts nothing")
    void missingVariableIsRefused(String process, Route route) throws Exception {
        StartDeclaration declaration = DECLARATIONS.forProcess(process).orElseThrow();
        ObjectNode variables = declaration.example().deepCopy();
        String missing = lastRequired(declaration);
        variables.remove(missing);

        assertRefused(declaration, route, variables, missing);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    @DisplayName("issue 21: a start with an ill-typed variable is a 400 naming it, and starts nothing")
    void illTypedVariableIsRefused(String process, Route route) throws Exception {
        StartDeclaration declaration = DECLARATIONS.forProcess(process).orElseThrow();
        ObjectNode variables = declaration.example().deepCopy();
        String illTyped = lastRequired(declaration);
        variables.set(illTyped, variables.get(illTyped).isNumber() ? TextNode.valueOf("twelve") : IntNode.valueOf(12));

        assertRefused(declaration, route, variables, illTyped);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    @DisplayName("issue 21: the declared example (the curl in docs/integrations.md) starts the workflow")
    void declaredExampleStarts(String process, Route route) throws Exception {
        StartDeclaration declaration = DECLARATIONS.forProcess(process).orElseThrow();
        long before = instancesOf(process);

        HttpResponse<String> answer = start(declaration, route, declaration.example());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(instancesOf(process)).isEqualTo(before + 1);
    }

    @Test
    @DisplayName("issue 21: a refund started by key without tenantId is a 400 naming tenantId, not a 500")
    void refundWithoutTenantIsABadRequest() throws Exception {
        StartDeclaration refund = DECLARATIONS.forProcess("refund").orElseThrow();
        ObjectNode variables = refund.example().deepCopy();
        variables.remove("tenantId");

        assertRefused(refund, Route.BY_KEY, variables, "tenantId");
    }

    @Test
    @DisplayName("issue 21: a variable the workflow does not declare (an approval decision slipped in at start) is"
            + " refused")
    void undeclaredVariableIsRefused() throws Exception {
        StartDeclaration refund = DECLARATIONS.forProcess("refund").orElseThrow();
        ObjectNode variables = refund.example().deepCopy();
        variables.put("approvalDecision", "APPROVED");

        assertRefused(refund, Route.BY_MESSAGE, variables, "approvalDecision");
    }

    @Test
    @DisplayName("issue 21: a start naming a store that does not exist, or another store's approvers, is refused")
    void storeAndApproversMustMatch() throws Exception {
        StartDeclaration cancel = DECLARATIONS.forProcess("order-cancel").orElseThrow();
        ObjectNode unknownStore = cancel.example().deepCopy();
        unknownStore.put("tenantId", "no-such-store");
        unknownStore.put("approversGroup", "no-such-store-approvers");
        assertRefused(cancel, Route.BY_MESSAGE, unknownStore, "tenantId");

        ObjectNode otherApprovers = cancel.example().deepCopy();
        otherApprovers.put("approversGroup", "acme-approvers");
        assertRefused(cancel, Route.BY_KEY, otherApprovers, "approversGroup");
    }

    @Test
    @DisplayName("issue 21: a variable typed String by the caller is checked as what the engine would store")
    void explicitCamundaTypeIsChecked() throws Exception {
        StartDeclaration refund = DECLARATIONS.forProcess("refund").orElseThrow();
        ObjectNode body = Json.object();
        body.set("variables", camundaVariables(refund.example()));
        ((ObjectNode) body.at("/variables/amount")).put("type", "String").put("value", "1500");
        long before = instancesOf("refund");

        HttpResponse<String> answer =
                APP.post("/engine-rest/process-definition/key/refund/start", body.toString(), ADMIN);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("amount");
        assertThat(instancesOf("refund")).isEqualTo(before);
    }

    private void assertRefused(StartDeclaration declaration, Route route, ObjectNode variables, String named)
            throws Exception {
        long before = instancesOf(declaration.process());

        HttpResponse<String> answer = start(declaration, route, variables);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode body = Json.parse(answer.body());
        assertThat(body.path("type").asText()).isEqualTo("InvalidRequestException");
        assertThat(body.path("message").asText()).contains(named);
        assertThat(instancesOf(declaration.process())).isEqualTo(before);
    }

    private HttpResponse<String> start(StartDeclaration declaration, Route route, ObjectNode variables)
            throws Exception {
        String businessKey = declaration.process() + "-" + UUID.randomUUID();
        ObjectNode body = Json.object();
        if (route == Route.BY_MESSAGE) {
            body.put("messageName", declaration.message().orElseThrow());
            body.put("businessKey", businessKey);
            body.set("processVariables", camundaVariables(variables));
            body.put("resultEnabled", true);
            return APP.post("/engine-rest/message", body.toString(), ADMIN);
        }
        body.put("businessKey", businessKey);
        body.set("variables", camundaVariables(variables));
        String path = declaration.namesTheStore()
                ? "/engine-rest/process-definition/key/" + declaration.process() + "/start"
                : "/engine-rest/process-definition/key/" + declaration.process() + "/tenant-id/demo-store/start";
        return APP.post(path, body.toString(), ADMIN);
    }

    /** {@code {"name": {"value": ...}}}, the REST API's variable form, untyped as a curl would send it. */
    private static ObjectNode camundaVariables(ObjectNode plain) {
        ObjectNode variables = Json.object();
        plain.fields()
                .forEachRemaining(field -> variables.putObject(field.getKey()).set("value", field.getValue()));
        return variables;
    }

    private static String lastRequired(StartDeclaration declaration) {
        JsonNode required = declaration.variables().path("required");
        return required.get(required.size() - 1).asText();
    }

    private long instancesOf(String process) {
        return history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(process)
                .count();
    }
}
