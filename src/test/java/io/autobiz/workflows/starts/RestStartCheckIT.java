package io.autobiz.workflows.starts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.QuickStartInstance;
import io.autobiz.testsupport.QuickStartTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 21: an integration starts workflows through {@code /engine-rest} as {@code admin}, as the quick start publishes
 * it. A start whose variables do not match the workflow's declaration is answered 400 naming the variable, and no
 * instance exists afterwards; the declared example (what docs/integrations.md shows as curl) starts one.
 */
@QuickStartTest(properties = "autobiz.tenants.acme.display-name=Acme Test Store")
@IntegrationInternal
class RestStartCheckIT {

    private static final QuickStartInstance APP = QuickStartInstance.of(RestStartCheckIT.class);
    private static final String ADMIN = "admin:admin";
    private static final StartDeclarations DECLARATIONS = StartDeclarations.load();

    /** A second store, whose integration user tries to start the demo store's workflows. */
    private static final String ACME = "acme";

    private static final String ACME_USER = "acmeintegration";
    /** Test-only password. */
    private static final String ACME_PASSWORD = "acme-integration-test-only";

    @Autowired
    HistoryService history;

    @Autowired
    IdentityService identity;

    @Autowired
    AuthorizationService authorizations;

    @Autowired
    JdbcTemplate jdbc;

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

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    @DisplayName("issue 21: a user of store A starting a workflow with tenantId of store B gets 403, starts nothing,"
            + " and a security incident is recorded")
    void crossStoreStartIsRefused(String process, Route route) throws Exception {
        StartDeclaration declaration = DECLARATIONS.forProcess(process).orElseThrow();
        acmeUserWhoMayStartEveryWorkflow();
        ObjectNode variables = declaration.example().deepCopy();
        if (declaration.namesTheStore()) {
            assertThat(variables.path("tenantId").asText()).isEqualTo("demo-store");
        } // otherwise start(...) names demo-store in the path (/tenant-id/demo-store/start)
        long before = instancesOf(process);
        long incidentsBefore = crossStoreIncidents();

        HttpResponse<String> answer = start(declaration, route, variables, ACME_USER + ":" + ACME_PASSWORD);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        JsonNode body = Json.parse(answer.body());
        assertThat(body.path("type").asText()).isEqualTo("AuthorizationException");
        assertThat(body.path("code").asText()).isEqualTo("CROSS_STORE_START");
        assertThat(body.path("message").asText()).contains("demo-store");
        assertThat(instancesOf(process)).as("nothing started").isEqualTo(before);
        assertThat(crossStoreIncidents())
                .as("the attempt is a security incident")
                .isEqualTo(incidentsBefore + 1);
    }

    @Test
    @DisplayName("issue 21: the same user starting for their own store passes the store check")
    void ownStoreStartPasses() throws Exception {
        acmeUserWhoMayStartEveryWorkflow();
        StartDeclaration refund = DECLARATIONS.forProcess("refund").orElseThrow();
        ObjectNode variables = refund.example().deepCopy();
        variables.put("tenantId", ACME);
        variables.put("approversGroup", ACME + "-approvers");
        long incidentsBefore = crossStoreIncidents();

        HttpResponse<String> answer = start(refund, Route.BY_KEY, variables, ACME_USER + ":" + ACME_PASSWORD);

        assertThat(answer.statusCode()).as(answer.body()).isNotEqualTo(403);
        assertThat(crossStoreIncidents()).isEqualTo(incidentsBefore);
    }

    /** An integration user of acme with what the engine asks of a starter: read and start any definition. */
    private void acmeUserWhoMayStartEveryWorkflow() {
        if (identity.createUserQuery().userId(ACME_USER).count() > 0) {
            return;
        }
        User user = identity.newUser(ACME_USER);
        user.setPassword(ACME_PASSWORD);
        identity.saveUser(user);
        identity.createTenantUserMembership(ACME, ACME_USER);
        Authorization instances = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        instances.setUserId(ACME_USER);
        instances.setResource(Resources.PROCESS_INSTANCE);
        instances.setResourceId(Authorization.ANY);
        instances.addPermission(Permissions.CREATE);
        authorizations.saveAuthorization(instances);
        Authorization definitions = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        definitions.setUserId(ACME_USER);
        definitions.setResource(Resources.PROCESS_DEFINITION);
        definitions.setResourceId(Authorization.ANY);
        definitions.addPermission(Permissions.READ);
        definitions.addPermission(ProcessDefinitionPermissions.CREATE_INSTANCE);
        authorizations.saveAuthorization(definitions);
    }

    private long crossStoreIncidents() {
        return jdbc.queryForObject(
                "select count(*) from security_incidents where channel = 'ENGINE' and principal = ?"
                        + " and target_tenant_id = 'demo-store'",
                Long.class,
                "user:" + ACME_USER);
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
        return start(declaration, route, variables, ADMIN);
    }

    private HttpResponse<String> start(StartDeclaration declaration, Route route, ObjectNode variables, String caller)
            throws Exception {
        String businessKey = declaration.process() + "-" + UUID.randomUUID();
        ObjectNode body = Json.object();
        if (route == Route.BY_MESSAGE) {
            body.put("messageName", declaration.message().orElseThrow());
            body.put("businessKey", businessKey);
            body.set("processVariables", camundaVariables(variables));
            body.put("resultEnabled", true);
            return APP.post("/engine-rest/message", body.toString(), caller);
        }
        body.put("businessKey", businessKey);
        body.set("variables", camundaVariables(variables));
        String path = declaration.namesTheStore()
                ? "/engine-rest/process-definition/key/" + declaration.process() + "/start"
                : "/engine-rest/process-definition/key/" + declaration.process() + "/tenant-id/demo-store/start";
        return APP.post(path, body.toString(), caller);
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
