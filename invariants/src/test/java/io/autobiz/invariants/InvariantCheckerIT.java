package io.autobiz.invariants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.receipt.FinancialReceipt;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.testing.stage.IntegrationInternal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invariant checker against a real PostgreSQL with AutoBiz's migrations and the engine's schema: a consistent small
 * soak passes every invariant; each invariant, shown bad data of its kind, fails naming the runs and rows involved, and
 * leaves the others passing.
 */
@IntegrationInternal
class InvariantCheckerIT {

    private static final List<String> ALL = List.of(
            "SOAK-INV-01",
            "SOAK-INV-02",
            "SOAK-INV-03",
            "SOAK-INV-04",
            "SOAK-INV-05",
            "SOAK-INV-06",
            "SOAK-INV-07",
            "SOAK-INV-08");

    @AfterEach
    void dropDatabases() {
        SoakData.dropAll();
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-01..08 a consistent soak passes every invariant and yields each workflow's rate")
    void consistentDataPassesEverything() throws Exception {
        SoakData data = SoakData.consistent();

        InvariantReport report = data.check();

        assertThat(report.invariants()).extracting(InvariantResult::id).containsExactlyElementsOf(ALL);
        assertThat(report.invariants())
                .allSatisfy(
                        result -> assertThat(result.offenders()).as(result.id()).isEmpty());
        assertThat(report.passed()).isTrue();
        // Each invariant looked at something: none passed for want of data.
        assertThat(report.invariants())
                .allSatisfy(
                        result -> assertThat(result.examined()).as(result.id()).isPositive());
        assertThat(report.workflows())
                .extracting(WorkflowRate::workflow)
                .containsExactly("WF01", "WF02", "WF03", "WF04", "WF05", "WF06", "WF07");
        WorkflowRate fulfil = rate(report, "order-fulfill");
        assertThat(fulfil.runs()).isEqualTo(2);
        assertThat(fulfil.succeeded()).isEqualTo(2);
        assertThat(rate(report, "wismo").succeeded()).isEqualTo(1);
        assertThat(rate(report, "payment-failure").runs()).isZero();
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-01 a second charge for one payment intent fails the check and is named")
    void secondCaptureOfOneIntent() throws Exception {
        SoakData data = SoakData.consistent();
        data.ledger(
                SoakData.SHOP_A,
                "stripe.idempotent_request",
                "autobiz:capture-a-again",
                null,
                Map.of(
                        "requestHash",
                        "h2",
                        "status",
                        200,
                        "body",
                        Map.of("id", SoakData.INTENT_A, "object", "payment_intent", "status", "succeeded")));

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-01");
        assertThat(report.invariant("SOAK-INV-01").offenders())
                .singleElement()
                .asString()
                .contains("store shop-a", SoakData.INTENT_A, "autobiz:capture-a", "autobiz:capture-a-again");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-01 a second Printful order for one Shopify order and a mail sent twice are named")
    void secondPrintfulOrderAndMail() throws Exception {
        SoakData data = SoakData.consistent();
        data.ledger(
                SoakData.SHOP_A,
                "printful.order",
                "90000002",
                "shopa-1001",
                Map.of("id", 90000002, "external_id", "shopa-1001", "status", "pending"));
        data.ledger(
                SoakData.SHOP_A,
                "sendgrid.mail",
                "msg-a-2",
                null,
                Map.of("messageId", "msg-a-2", "customArgs", Map.of("autobiz_key", "autobiz:mail-a-1")));

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-01");
        assertThat(report.invariant("SOAK-INV-01").offenders())
                .anySatisfy(o -> assertThat(o).contains("Printful", "shopa-1001", "90000001", "90000002"))
                .anySatisfy(o -> assertThat(o).contains("mail", "msg-a-1", "msg-a-2"))
                .hasSize(2);
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-01 a call left IN_FLIGHT after its lease has an effect in doubt and is named")
    void claimLeftInFlight() throws Exception {
        SoakData data = SoakData.consistent();
        data.claim(
                SoakData.SHOP_B,
                SoakData.RUN_B_FULFIL,
                "printful.order.create@1",
                "IN_FLIGHT",
                data.now.minus(java.time.Duration.ofMinutes(20)));

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-01");
        assertThat(report.invariant("SOAK-INV-01").offenders())
                .singleElement()
                .asString()
                .contains("idempotency_records", "store shop-b", "run " + SoakData.RUN_B_FULFIL, "IN_FLIGHT");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-03 a database without the engine's tables fails: an empty check is not a pass")
    void noEngineTables() {
        InvariantReport report = SoakData.withoutEngine().check();

        assertOnlyFailing(report, "SOAK-INV-03");
        assertThat(report.invariant("SOAK-INV-03").offenders())
                .singleElement()
                .asString()
                .contains("no engine tables");
    }

    @Test
    @DisplayName("P1-TASK-32 a database that is not AutoBiz's is refused, not reported as passing")
    void notAutoBizDatabase() {
        SoakData data = SoakData.empty();

        assertThatThrownBy(data::check)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no AutoBiz tables");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-02 an event stored but never processed fails the check and is named")
    void eventNeverProcessed() throws Exception {
        SoakData data = SoakData.consistent();
        String lost = "00000000-0000-0000-0000-00000000b009";
        data.event(SoakData.SHOP_B, lost, "orders/paid", "gid://shopify/Order/5000000009", "RECEIVED");

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-02");
        assertThat(report.invariant("SOAK-INV-02").offenders())
                .singleElement()
                .asString()
                .contains("event_store " + lost, "store shop-b", "RECEIVED");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-02 one paid order processed by two runs fails the check and both runs are named")
    void eventProcessedTwice() throws Exception {
        SoakData data = SoakData.consistent();
        data.ended("run-a-fulfil-again", "order-fulfill", SoakData.SHOP_A, SoakData.ORDER_A, "End_Fulfilled");
        data.variable("run-a-fulfil-again", "eventId", SoakData.EVENT_A_PAID);

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-02");
        assertThat(report.invariant("SOAK-INV-02").offenders())
                .allSatisfy(o -> assertThat(o).contains(SoakData.RUN_A_FULFIL, "run-a-fulfil-again", "processed 2"))
                .anySatisfy(o -> assertThat(o).contains("event_store " + SoakData.EVENT_A_PAID))
                .anySatisfy(o -> assertThat(o).contains(SoakData.ORDER_A));
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-03 a run with an incident fails the check and the run and incident are named")
    void runWithIncident() throws Exception {
        SoakData data = SoakData.consistent();
        data.running("run-a-broken", "order-fulfill", SoakData.SHOP_A, "gid://shopify/Order/5000000007");
        data.engine("insert into act_ru_incident (id_, rev_, incident_timestamp_, incident_msg_, incident_type_,"
                + " execution_id_, activity_id_, proc_inst_id_, tenant_id_) values ('incident-1', 1, now(),"
                + " 'printful answered HTTP 500', 'failedJob', 'run-a-broken', 'Task_CreatePrintfulOrder',"
                + " 'run-a-broken', 'shop-a')");

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-03");
        assertThat(report.invariant("SOAK-INV-03").offenders())
                .singleElement()
                .asString()
                .contains("run run-a-broken", "WF01", "store shop-a", "incident-1", "printful answered HTTP 500");
        WorkflowRate fulfil = rate(report, "order-fulfill");
        assertThat(fulfil.runs()).isEqualTo(3);
        assertThat(fulfil.succeeded()).isEqualTo(2);
    }

    @Test
    @DisplayName(
            "P1-TASK-32 SOAK-INV-03 a job out of retries and a run waiting for nothing fail the check and are named")
    void stuckJobAndIdleRun() throws Exception {
        SoakData data = SoakData.consistent();
        data.running("run-a-stuck", "wismo", SoakData.SHOP_A, "wismo-2");
        data.engine("insert into act_ru_job (id_, rev_, type_, process_instance_id_, execution_id_, retries_,"
                + " exception_msg_, failed_act_id_, suspension_state_, priority_, create_time_) values ('job-1', 1,"
                + " 'message', 'run-a-stuck', 'run-a-stuck', 0, 'timeout', 'Task_Lookup', 1, 0, now())");
        data.running("run-b-idle", "refund", SoakData.SHOP_B, "refund-request-9");

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-03");
        assertThat(report.invariant("SOAK-INV-03").offenders())
                .hasSize(2)
                .anySatisfy(o -> assertThat(o).contains("run run-a-stuck", "job job-1", "no retries"))
                .anySatisfy(o -> assertThat(o).contains("run run-b-idle", "waits for nothing"));
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-04 a refund receipt with no approval fails the check and is named")
    void refundWithoutApproval() throws Exception {
        SoakData data = SoakData.consistent();
        data.ended("run-a-refund-2", "refund", SoakData.SHOP_A, "refund-request-2", "End_Refunded");
        var unapproved = data.receipt(
                SoakData.SHOP_A,
                "run-a-refund-2",
                "stripe.refund.create@1",
                SideEffect.FINANCIAL,
                "{\"amount\":300,\"paymentIntentId\":\"" + SoakData.INTENT_A + "\",\"reference\":\"rr-2\"}",
                "re_shopa0000000000000000002",
                new FinancialReceipt(300, "eur"));

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-04");
        assertThat(report.invariant("SOAK-INV-04").offenders())
                .singleElement()
                .asString()
                .contains("receipts " + unapproved.receiptId(), "run run-a-refund-2", "no approved request");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-04 a refund whose approval was for another amount fails the check and is named")
    void refundApprovedForAnotherAmount() throws Exception {
        SoakData data = SoakData.consistent();
        data.ended("run-a-refund-3", "refund", SoakData.SHOP_A, "refund-request-3", "End_Refunded");
        String approvedInput =
                "{\"amount\":500,\"paymentIntentId\":\"" + SoakData.INTENT_A + "\",\"reference\":\"rr-3\"}";
        data.approval(
                SoakData.SHOP_A, "run-a-refund-3", "stripe.refund.create@1", approvedInput, 500, "EUR", "APPROVED");
        var receipt = data.receipt(
                SoakData.SHOP_A,
                "run-a-refund-3",
                "stripe.refund.create@1",
                SideEffect.FINANCIAL,
                "{\"amount\":700,\"paymentIntentId\":\"" + SoakData.INTENT_A + "\",\"reference\":\"rr-3\"}",
                "re_shopa0000000000000000003",
                new FinancialReceipt(700, "eur"));
        data.ledger(
                SoakData.SHOP_A,
                "stripe.refund",
                "re_shopa0000000000000000003",
                SoakData.INTENT_A,
                Map.of(
                        "id",
                        "re_shopa0000000000000000003",
                        "amount",
                        700,
                        "currency",
                        "eur",
                        "metadata",
                        Map.of("reference", "rr-3")));

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-04");
        assertThat(report.invariant("SOAK-INV-04").offenders())
                .singleElement()
                .asString()
                .contains(
                        "receipts " + receipt.receiptId(),
                        "run-a-refund-3",
                        "700",
                        "approved 500 EUR",
                        "for other arguments");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-04 a refund in the Stripe sandbox that no approved call made fails and is named")
    void sandboxRefundWithoutReceipt() throws Exception {
        SoakData data = SoakData.consistent();
        data.ledger(
                SoakData.SHOP_A,
                "stripe.refund",
                "re_shopa0000000000000000004",
                SoakData.INTENT_A,
                Map.of(
                        "id",
                        "re_shopa0000000000000000004",
                        "amount",
                        100,
                        "currency",
                        "eur",
                        "metadata",
                        Map.of("reference", "rr-4")));

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-04");
        assertThat(report.invariant("SOAK-INV-04").offenders())
                .singleElement()
                .asString()
                .contains("stripe.refund re_shopa0000000000000000004", "store shop-a", "no FINANCIAL receipt");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-05 a tampered receipt breaks its store's chain and is named")
    void tamperedReceipt() throws Exception {
        SoakData data = SoakData.consistent();
        data.asOwner(
                SoakData.SHOP_A,
                "alter table receipts disable trigger receipts_append_only",
                "update receipts set provider_object_id = '90000666' where receipt_id = '"
                        + data.printfulReceipt.receiptId() + "'",
                "alter table receipts enable trigger receipts_append_only");

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-05");
        assertThat(report.invariant("SOAK-INV-05").offenders())
                .singleElement()
                .asString()
                .contains("store shop-a", "receipts " + data.printfulReceipt.receiptId(), "#1", "changed");
    }

    @Test
    @DisplayName(
            "P1-TASK-32 SOAK-INV-06 an e-mail address in a trace, a log line and a metric label fails and each is named")
    void personalDataLeaks(@TempDir Path logs) throws Exception {
        SoakData data = SoakData.consistent();
        data.trace(SoakData.SHOP_A, SoakData.RUN_A_WISMO, "customer jane.doe@example.com asked again", null, null);
        Path log = logs.resolve("node-1.log");
        Files.writeString(
                log,
                "12:00:00 INFO order gid://shopify/Order/5000000001 fulfilled\n"
                        + "12:00:01 WARN mail to j***@example.com deferred\n"
                        + "12:00:02 ERROR stripe refused key sk_test_itfakeKEYnotreal\n",
                StandardCharsets.UTF_8);
        String scrape = "# TYPE http_server_requests_seconds_count counter\n"
                + "http_server_requests_seconds_count{uri=\"/api/orders\",status=\"200\"} 4\n"
                + "wismo_requests_total{customer=\"jane.doe@example.com\",tenant=\"shop-a\"} 1\n"
                // A bucket bound is the metric library's number, not the application's data: even one that reads
                // as a card number is no leak (the soak's run_steps buckets were taken for cards).
                + "run_steps_bucket{tenant=\"shop-a\",le=\"4111111111111111\"} 3\n"
                + "run_steps{tenant=\"shop-a\",quantile=\"4111111111111111\"} 3\n";

        InvariantReport report = data.check(new CheckerInputs(List.of(log), List.of(scrape), List.of(), List.of()));

        assertOnlyFailing(report, "SOAK-INV-06");
        List<String> offenders = report.invariant("SOAK-INV-06").offenders();
        assertThat(offenders)
                .hasSize(3)
                .anySatisfy(o -> assertThat(o).contains("traces ", "store shop-a", "run-a-wismo", "detail", "e-mail"))
                .anySatisfy(o -> assertThat(o).contains("node-1.log line 3", "stripe_key"))
                .anySatisfy(o -> assertThat(o).contains("wismo_requests_total", "customer", "e-mail"));
        // The report says where, never what: the address itself appears nowhere in it.
        assertThat(report.toJson()).doesNotContain("jane.doe");
        assertThat(report.toMarkdown()).doesNotContain("jane.doe");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-06 a known customer's name or a given secret value in a trace fails and is named")
    void knownPersonalDataAndSecretValue() throws Exception {
        SoakData data = SoakData.consistent();
        data.trace(SoakData.SHOP_B, SoakData.RUN_B_FULFIL, "shipping to Jane Doe", null, null);
        data.trace(SoakData.SHOP_B, SoakData.RUN_B_FULFIL, "token it-fake-slack-0042 used", null, null);

        InvariantReport report =
                data.check(new CheckerInputs(List.of(), List.of(), List.of("it-fake-slack-0042"), List.of("Jane Doe")));

        assertOnlyFailing(report, "SOAK-INV-06");
        assertThat(report.invariant("SOAK-INV-06").offenders())
                .hasSize(2)
                .anySatisfy(o -> assertThat(o).contains("store shop-b", "personal data #1"))
                .anySatisfy(o -> assertThat(o).contains("store shop-b", "secret value #1"));
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-07 a row whose store differs from its run's fails the check and both are named")
    void crossStoreRow() throws Exception {
        SoakData data = SoakData.consistent();
        // A trace line of shop-a's run, written into shop-b.
        data.trace(SoakData.SHOP_B, SoakData.RUN_A_FULFIL, "capture answered", null, null);

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-07");
        assertThat(report.invariant("SOAK-INV-07").offenders())
                .singleElement()
                .asString()
                .contains("traces", "in store shop-b", "run " + SoakData.RUN_A_FULFIL, "is in store shop-a");
    }

    @Test
    @DisplayName("P1-TASK-32 SOAK-INV-08 an open drift nobody owns fails the check and is named")
    void unownedDrift() throws Exception {
        SoakData data = SoakData.consistent();
        data.drift(SoakData.SHOP_B, "drift-b-2", "OPEN", null, null, null);

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-08");
        assertThat(report.invariant("SOAK-INV-08").offenders())
                .singleElement()
                .asString()
                .contains("reconciliation drift-b-2", "store shop-b", "OPEN", "nobody owns it");
    }

    @Test
    @DisplayName("SOAK-INV-08 financial drift a scheduled pass found is owned by the store's next closeout only while"
            + " its timer exists and is not overdue; without one, or overdue, it fails and is named")
    void financialDriftAwaitingTheNextCloseout() throws Exception {
        SoakData data = SoakData.consistent();
        data.drift(SoakData.SHOP_A, "drift-a-next", "AWAITING_APPROVAL", null, null, null);
        data.drift(SoakData.SHOP_B, "drift-b-none", "AWAITING_APPROVAL", null, null, null);
        data.closeoutTimer(SoakData.SHOP_A, "closeout-timer-a", data.now.plus(Duration.ofHours(3)));

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-08");
        assertThat(report.invariant("SOAK-INV-08").offenders())
                .singleElement()
                .asString()
                .contains("reconciliation drift-b-none", "store shop-b", "AWAITING_APPROVAL", "no daily closeout");

        data.closeoutTimer(SoakData.SHOP_B, "closeout-timer-b", data.now.minus(Duration.ofHours(2)));

        assertThat(data.check().invariant("SOAK-INV-08").offenders())
                .singleElement()
                .asString()
                .contains("reconciliation drift-b-none", "store shop-b", "overdue");
    }

    @Test
    @DisplayName(
            "SOAK-INV-08 a failed automatic repair is owned only while a pass retries it (non-financial) or a person"
                    + " has it; one decided by the system that no pass retries fails and is named")
    void failedRepairOwnedOnlyWhenRetriedOrTaken() throws Exception {
        SoakData data = SoakData.consistent();
        data.drift(SoakData.SHOP_A, "drift-a-retried", false, "REPAIR_FAILED", null, null, "autobiz:reconciliation");
        data.drift(SoakData.SHOP_A, "drift-a-person", true, "REPAIR_FAILED", null, null, "ops@shop-a");
        data.drift(SoakData.SHOP_B, "drift-b-stuck", true, "REPAIR_FAILED", null, null, "autobiz:reconciliation");

        InvariantReport report = data.check();

        assertOnlyFailing(report, "SOAK-INV-08");
        assertThat(report.invariant("SOAK-INV-08").offenders())
                .singleElement()
                .asString()
                .contains("reconciliation drift-b-stuck", "store shop-b", "REPAIR_FAILED", "nobody owns it");
    }

    @Test
    @DisplayName("P1-TASK-32 the checker's report is written as invariants.json and invariants.md by CheckInvariants")
    void commandLineWritesBothReports(@TempDir Path out) throws Exception {
        SoakData data = SoakData.consistent();
        data.drift(SoakData.SHOP_B, "drift-b-3", "OPEN", null, null, null);
        String url = data.database.url() + (data.database.url().contains("?") ? "&" : "?") + "user="
                + io.autobiz.testsupport.TestPostgres.OWNER_ROLE + "&password="
                + io.autobiz.testsupport.TestPostgres.OWNER_PASSWORD;

        boolean passed = CheckInvariants.run(new String[] {url, out.toString()});

        assertThat(passed).isFalse();
        String json = Files.readString(out.resolve("invariants.json"));
        assertThat(json).contains("\"id\" : \"SOAK-INV-08\"", "drift-b-3", "\"wilsonLower95\"");
        assertThat(Files.readString(out.resolve("invariants.md")))
                .contains("SOAK-INV-08 failed", "drift-b-3", "| WF01 | order-fulfill | 2 | 2 |");
    }

    private static void assertOnlyFailing(InvariantReport report, String failing) {
        assertThat(report.passed()).isFalse();
        for (InvariantResult result : report.invariants()) {
            if (result.id().equals(failing)) {
                assertThat(result.passed()).as(result.id() + " should fail").isFalse();
                assertThat(result.offenders()).as(result.id()).isNotEmpty();
            } else {
                assertThat(result.offenders())
                        .as(result.id() + " should not be dragged down")
                        .isEmpty();
                assertThat(result.passed()).as(result.id()).isTrue();
            }
        }
    }

    private static WorkflowRate rate(InvariantReport report, String processKey) {
        return report.workflows().stream()
                .filter(rate -> rate.processKey().equals(processKey))
                .findFirst()
                .orElseThrow();
    }
}
