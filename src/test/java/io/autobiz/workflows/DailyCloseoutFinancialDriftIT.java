package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import io.autobiz.reconciliation.core.ReconciliationRow;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.EngineSteps;
import io.autobiz.testsupport.StripeStubs;
import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * WF07 and financial drift (payments and refunds): what Stripe shows differs from what AutoBiz captured or
 * refunded; the repair waits for an approver of the store (approved, denied, timed out, tampered with), or for a person
 * to investigate where no repair is automatic. Set-up and helpers: {@link DailyCloseoutSupport}.
 */
@IntegrationExternal
class DailyCloseoutFinancialDriftIT extends DailyCloseoutSupport {

    @Test
    @DisplayName("P1-T27 P1-T40 WF07 financial drift (Stripe received more than AutoBiz captured) waits for an"
            + " approval task; approved, exactly the difference is refunded once and the row names the approver")
    void approvedFinancialRepair() {
        String payment = capture(2500);
        stripeSays(payment, 3000L);

        ProcessInstance closeout = closeOutToItsEnd();

        assertThat(closeout).isWaitingAt("Task_ApproveRepair");
        ReconciliationRow awaiting = rowsOf("payment", payment).get(0);
        assertThat(awaiting.status()).isEqualTo(Status.AWAITING_APPROVAL);
        assertThat(awaiting.approvalRef()).isEqualTo(closeout.getId());
        assertThat(providers.findAll(StripeStubs.refundRequests()))
                .as("no money moved before the decision")
                .isEmpty();
        assertThat(engine.getRuntimeService().getVariable(closeout.getId(), "approvalAmount"))
                .as("the form shows the amount in dollars")
                .asString()
                .startsWith("5");

        approveAndRefund(closeout);
        providers.verify(
                1,
                StripeStubs.refundRequests()
                        .withRequestBody(containing("amount=500"))
                        .withRequestBody(containing("payment_intent=" + payment))
                        .withRequestBody(containing("reason=duplicate")));
        ReconciliationRow repaired = rowsOf("payment", payment).get(0);
        assertThat(repaired.status()).isEqualTo(Status.REPAIRED);
        assertThat(repaired.decidedBy()).isEqualTo(APPROVER);
        assertThat(repaired.resolution()).contains("re_closeout1", "500");
        assertThat(receipts("stripe.refund.create@1", closeout.getId())).isEqualTo(1);

        // Stripe now holds 3000 received and 500 refunded: AutoBiz expects exactly that (2500 captured + 500 received
        // beyond and refunded), so the next pass finds neither payment nor refund drift.
        captured.put(payment, 3000L);
        refunded.put(payment, 500L);
        stripeSays(payment, 3000L);
        assertThat(scheduledPass().drifts())
                .extracting(drift -> drift.entityId().localId())
                .doesNotContain(payment);
        assertThat(rowsOf("refund", payment)).isEmpty();
    }

    @Test
    @DisplayName("P1-T27 P1-T16 WF07 the repair's approval form names the order the money was taken for (#1002, linked"
            + " to the WF01 run that captured it in Cockpit) and its customer masked, from the capturing run")
    void repairFormShowsTheOrder() {
        ProcessInstance order = waitingForShipment(1002, "pi_3Q0form", 777002);
        stripeSays("pi_3Q0form", 2900L);

        ProcessInstance closeout = closeOutToItsEnd();

        assertThat(closeout).isWaitingAt("Task_ApproveRepair");
        Task task = EngineSteps.task(engine, closeout, "Task_ApproveRepair");
        assertThat(engine.getTaskService().getVariables(task.getId()))
                .containsEntry("approvalAction", "Refund 4.00 USD to the customer's card")
                .containsEntry("approvalAmountText", "4.00 USD")
                .containsEntry("approvalOrderName", "#1002")
                .containsEntry("approvalOrderLink", "/camunda/app/cockpit/default/#/process-instance/" + order.getId())
                .containsEntry("approvalCustomer", "a***@example.com");
        decide(closeout, false);
        assertThat(closeout).isEnded();
    }

    @Test
    @DisplayName("P1-T40 WF07 a denied financial repair refunds nothing; the row says who denied it and why")
    void deniedFinancialRepair() {
        String payment = capture(2500);
        stripeSays(payment, 2900L);
        ProcessInstance closeout = closeOutToItsEnd();

        decide(closeout, false);

        assertThat(closeout).isEnded().hasPassed("End_Denied");
        assertThat(providers.findAll(StripeStubs.refundRequests())).isEmpty();
        ReconciliationRow denied = rowsOf("payment", payment).get(0);
        assertThat(denied.status()).isEqualTo(Status.DISMISSED);
        assertThat(denied.decidedBy()).isEqualTo(APPROVER);
        assertThat(denied.resolution()).contains("checked the Stripe dashboard");
    }

    @Test
    @DisplayName("P1-T40 WF07 an approval nobody decides times out (the store's rule: 24 h): nothing is refunded,"
            + " the row records the timeout, and the next closeout asks again")
    void approvalTimesOut() {
        String payment = capture(2500);
        stripeSays(payment, 2600L);
        ProcessInstance closeout = closeOutToItsEnd();

        EngineSteps.fireTimer(engine, closeout);

        assertThat(closeout).isEnded().hasPassed("End_TimedOut");
        assertThat(providers.findAll(StripeStubs.refundRequests())).isEmpty();
        assertThat(rowsOf("payment", payment))
                .singleElement()
                .satisfies(row -> assertThat(row.status()).isEqualTo(Status.APPROVAL_TIMED_OUT));

        ProcessInstance next = closeOutToItsEnd();
        assertThat(next).isWaitingAt("Task_ApproveRepair");
        assertThat(rowsOf("payment", payment))
                .extracting(ReconciliationRow::status)
                .contains(Status.AWAITING_APPROVAL);
        decide(next, false);
    }

    @Test
    @DisplayName("P1-T07-NEG-changed-amount P1-T40 WF07: a repair amount changed after the approval is refused by the"
            + " kernel; nothing is refunded and the row says the repair was refused")
    void amountChangedAfterApproval() {
        String payment = capture(2500);
        stripeSays(payment, 2700L);
        ProcessInstance closeout = closeOutToItsEnd();
        decide(closeout, true);

        engine.getRuntimeService().setVariable(closeout.getId(), "repairAmount", 2700L);
        execute(job());

        assertThat(closeout).isEnded().hasPassed("End_Refused");
        assertThat(providers.findAll(StripeStubs.refundRequests())).isEmpty();
        assertThat(rowsOf("payment", payment)).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(Status.REPAIR_FAILED);
            assertThat(row.resolution()).contains("refused by the kernel");
        });
    }

    @Test
    @DisplayName("P1-T27 P1-T40 WF07 refund drift: AutoBiz refunded 700 but Stripe shows nothing refunded; the drift"
            + " is financial and waits for an approval task; approved, exactly the missing 700 is refunded once, and"
            + " the next closeout and the schedule find nothing new")
    void refundThatDidNotStickIsRefundedAgainAfterApproval() {
        String payment = capture(2500);
        refund(payment, 700, "re_closeout700");
        // The refund AutoBiz recorded never reached Stripe's charge: Stripe still shows 0 refunded (refunded unset).
        providers.stubFor(StripeStubs.refunded("re_closeout700again", 700, payment)
                .withRequestBody(containing("payment_intent=" + payment)));
        int refundsBefore = providers.findAll(StripeStubs.refundRequests()).size();

        ProcessInstance closeout = closeOutToItsEnd();

        assertThat(closeout).isWaitingAt("Task_ApproveRepair");
        ReconciliationRow awaiting = rowsOf("refund", payment).get(0);
        assertThat(awaiting.financial()).isTrue();
        assertThat(awaiting.status()).isEqualTo(Status.AWAITING_APPROVAL);
        assertThat(awaiting.field()).isEqualTo("/amountRefunded");
        assertThat(awaiting.localValue()).isEqualTo("700");
        assertThat(awaiting.providerValue()).isEqualTo("0");
        assertThat(awaiting.approvalRef()).isEqualTo(closeout.getId());
        assertThat(rowsOf("payment", payment))
                .as("what Stripe received is right")
                .isEmpty();
        assertThat(providers.findAll(StripeStubs.refundRequests()))
                .as("no money moved before the decision")
                .hasSize(refundsBefore);
        assertThat(engine.getRuntimeService().getVariable(closeout.getId(), "repairReference"))
                .isEqualTo("reconciliation-refund-" + awaiting.reconciliationId());

        approveAndRefund(closeout);
        providers.verify(
                1,
                StripeStubs.refundRequests()
                        .withRequestBody(containing("amount=700"))
                        .withRequestBody(containing("payment_intent=" + payment))
                        .withRequestBody(containing("reason=requested_by_customer"))
                        .withRequestBody(containing("reconciliation-refund-" + awaiting.reconciliationId())));
        assertThat(providers.findAll(StripeStubs.refundRequests())).hasSize(refundsBefore + 1);
        ReconciliationRow repaired = rowsOf("refund", payment).get(0);
        assertThat(repaired.status()).isEqualTo(Status.REPAIRED);
        assertThat(repaired.decidedBy()).isEqualTo(APPROVER);
        assertThat(repaired.resolution()).contains("re_closeout700again", "700");
        assertThat(receipts("stripe.refund.create@1", closeout.getId())).isEqualTo(1);

        // Stripe now shows the 700; the re-issued refund replaces the lost one, so AutoBiz expects 700, not 1400.
        refunded.put(payment, 700L);
        stripeSays(payment, 2500L);
        ProcessInstance again = closeOutToItsEnd();
        assertThat(again).isEnded().hasPassed("End_NoFinancialDrift");
        assertThat(scheduledPass().drifts())
                .extracting(drift -> drift.entityId().localId())
                .doesNotContain(payment);
        assertThat(rowsOf("refund", payment)).hasSize(1);
        assertThat(providers.findAll(StripeStubs.refundRequests())).hasSize(refundsBefore + 1);
    }

    @Test
    @DisplayName("P1-T40 WF07 refund drift the other way (Stripe shows 300 refunded that AutoBiz never refunded) has no"
            + " automatic repair: nothing is refunded; a person of the approvers group investigates it in a task and"
            + " settles the row in their own name")
    void refundUnknownToAutoBizNeedsAnOperator() {
        String payment = capture(2500);
        refunded.put(payment, 300L);
        stripeSays(payment, 2500L);

        ProcessInstance closeout = closeOutToItsEnd();

        assertThat(closeout).hasPassed("End_NoFinancialDrift").isWaitingAt("Task_Investigate");
        String id = rowsOf("refund", payment).get(0).reconciliationId();
        assertThat(rowsOf("refund", payment)).singleElement().satisfies(row -> {
            assertThat(row.financial()).isTrue();
            assertThat(row.status()).isEqualTo(Status.AWAITING_APPROVAL);
            assertThat(row.localValue()).isEqualTo("0");
            assertThat(row.providerValue()).isEqualTo("300");
            assertThat(row.approvalRef())
                    .as("taken up by this closeout's investigation")
                    .isEqualTo(closeout.getId());
        });
        assertThat(reconciliation.repairOf(ACME, id)).isEmpty();
        assertThat(variable(closeout, "driftReport"))
                .asString()
                .contains("operator needed: refund acme:refund:" + payment + " /amountRefunded");
        Task investigation = engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(closeout.getId())
                .taskDefinitionKey("Task_Investigate")
                .singleResult();
        assertThat(engine.getTaskService().getVariable(investigation.getId(), "escalationFacts"))
                .asString()
                .contains(payment, "AutoBiz 0, provider 300");

        assertThatThrownBy(
                        () -> engine.getTaskService().complete(investigation.getId(), Map.of("resolution", "resolved")))
                .as("nobody signed in: the row cannot be settled")
                .hasMessageContaining("only a signed-in member of acme-approvers");
        assertThat(rowsOf("refund", payment).get(0).status()).isEqualTo(Status.AWAITING_APPROVAL);

        EngineSteps.completeAs(
                engine,
                APPROVER,
                ACME,
                investigation,
                Map.of(
                        "resolution",
                        "resolved",
                        "resolutionNote",
                        "refunded by hand in the dashboard after a phone call; nothing owed"));

        assertThat(closeout).isEnded().hasPassed("End_Investigated");
        assertThat(rowsOf("refund", payment)).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(Status.RESOLVED_BY_OPERATOR);
            assertThat(row.decidedBy()).isEqualTo(APPROVER);
            assertThat(row.resolution()).contains("refunded by hand in the dashboard");
        });
        assertThat(meters.counter(
                                "reconciliation_drift_total",
                                "kind",
                                "refund",
                                "financial",
                                "true",
                                "outcome",
                                "resolved_by_operator")
                        .count())
                .isEqualTo(1.0);
        assertThat(providers.findAll(StripeStubs.refundRequests())).isEmpty();
    }
}
