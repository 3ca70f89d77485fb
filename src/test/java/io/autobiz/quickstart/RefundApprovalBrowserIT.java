package io.autobiz.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.ApprovalStatus;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.FinancialReceipt;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.stripe.StripeSandbox;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.E2eBrowser;
import io.autobiz.testsupport.QuickStartInstance;
import io.autobiz.testsupport.QuickStartTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The end-to-end test of an approval as a person does it: the quick start runs, a demo order is fulfilled, the
 * customer asks for a refund, and headless Chromium (Debian's {@code chromium}, driven by {@code playwright-core} from
 * {@code .ci/node_modules}) logs into Tasklist as the demo store's approver, opens the refund approval and approves
 * it; the refund then happens in the Stripe stand-in. The screenshot is kept at
 * {@code src/target/tasklist-refund-approval.png}.
 *
 * <p>Needs Node.js, Chromium and {@code npm ci} in {@code .ci}; {@code .ci/run} provides them and sets
 * {@code AUTOBIZ_E2E_REQUIRED=true}, which turns a missing piece into a failure. Elsewhere the test is skipped with
 * the reason.
 */
@QuickStartTest
@IntegrationExternal
class RefundApprovalBrowserIT {

    private static final QuickStartInstance APP = QuickStartInstance.of(RefundApprovalBrowserIT.class);

    @Autowired
    HistoryService history;

    @Autowired
    TaskService tasks;

    @Autowired
    Approvals approvals;

    @Autowired
    StripeSandbox stripe;

    @Autowired
    JdbcReceipts receipts;

    @Test
    @DisplayName("P1-T22 P1-T16 end to end in a browser: the demo approver approves a refund in Tasklist, the"
            + " refund of exactly that amount happens once, and its receipt is there")
    void approverApprovesARefundInTasklist() throws Exception {
        E2eBrowser.assumeAvailable();
        String order = fulfilledDemoOrder();

        HttpResponse<String> asked = post("/demo/refunds", "{\"orderId\":\"" + order + "\",\"amount\":1500}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        String instance = Json.parse(asked.body()).get("processInstanceId").asText();
        String correlationId = Json.parse(asked.body()).get("correlationId").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> tasks.createTaskQuery().processInstanceId(instance).count() == 1);

        Path screenshot = E2eBrowser.ROOT.resolve("src/target/tasklist-refund-approval.png");
        E2eBrowser.Outcome browser = E2eBrowser.run(
                "tasklist-approval.mjs",
                "--base",
                APP.baseUrl(),
                "--user",
                "approver",
                "--password",
                "approver",
                "--task-name",
                "Approve refund",
                "--screenshot",
                screenshot.toString());
        assertThat(browser.finished())
                .as("the browser finished: " + browser.output())
                .isTrue();
        assertThat(browser.exitValue()).as(browser.output()).isZero();
        assertThat(screenshot).exists();

        await().atMost(Duration.ofSeconds(60)).until(() -> ended(instance));
        assertThat(history.createHistoricActivityInstanceQuery()
                        .processInstanceId(instance)
                        .activityId("End_Refunded")
                        .count())
                .isEqualTo(1);
        ApprovalRequest approval = approvals.pending(TenantId.of("demo-store")).stream()
                .filter(request -> request.runId().equals(instance))
                .findFirst()
                .orElse(null);
        assertThat(approval).as("no longer pending").isNull();
        String requestId = (String) history.createHistoricVariableInstanceQuery()
                .processInstanceId(instance)
                .variableName("approvalRequestId")
                .singleResult()
                .getValue();
        ApprovalRequest decided =
                approvals.find(TenantId.of("demo-store"), requestId).orElseThrow();
        assertThat(decided.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(decided.approverId()).isEqualTo("approver");
        assertThat(receipts.chain(TenantId.of("demo-store")))
                .as("the refund's receipt: one FINANCIAL receipt of this run, for exactly the approved amount")
                .filteredOn(receipt -> receipt.tool().equals("stripe.refund.create@1")
                        && receipt.correlationId().equals(correlationId))
                .singleElement()
                .satisfies(receipt -> {
                    assertThat(receipt.financial()).contains(new FinancialReceipt(1500L, "USD"));
                    assertThat(receipt.externalKey()).startsWith("autobiz:");
                    assertThat(receipt.providerObjectId()).startsWith("re_");
                });
        assertThat(stripe.refunds(TenantId.of("demo-store")))
                .as("the Stripe stand-in holds exactly one refund of 15.00 for the order's payment")
                .singleElement()
                .satisfies(refund ->
                        assertThat(((Number) refund.get("amount")).longValue()).isEqualTo(1500L));
    }

    /** Places a demo order and waits until WF01 has captured its payment and finished. */
    private String fulfilledDemoOrder() throws Exception {
        HttpResponse<String> placed = post("/demo/orders", "");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        JsonNode order = Json.parse(placed.body());
        String instance = order.get("processInstanceId").asText();
        await().atMost(Duration.ofSeconds(90)).until(() -> ended(instance));
        return order.get("orderId").asText();
    }

    private boolean ended(String instance) {
        HistoricProcessInstance done = history.createHistoricProcessInstanceQuery()
                .processInstanceId(instance)
                .singleResult();
        return done != null && done.getEndTime() != null;
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return APP.post(path, body);
    }
}
