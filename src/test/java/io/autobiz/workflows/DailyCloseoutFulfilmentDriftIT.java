package io.autobiz.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import io.autobiz.reconciliation.core.Reconciliation;
import io.autobiz.reconciliation.core.ReconciliationRow.Status;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.PrintfulStubs;
import io.autobiz.testsupport.ShopifyStubs;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * WF07 and fulfilment drift: Printful shipped but its webhook never came; not financial, repaired at once
 * (Shopify gets the tracking, WF01 goes on). Set-up and helpers: {@link DailyCloseoutSupport}.
 */
@IntegrationExternal
class DailyCloseoutFulfilmentDriftIT extends DailyCloseoutSupport {

    @Test
    @DisplayName("P1-T27 P1-T39 P1-T-RK07b WF07 repairs non-financial drift for real: Printful shipped but the"
            + " webhook never came, so the Shopify order gets the tracking (through the kernel, with a receipt) and"
            + " WF01 continues; a second closeout and the schedule find nothing and change nothing")
    void lostShipmentIsRepaired() {
        ProcessInstance order = waitingForShipment();
        providers.stubFor(PrintfulStubs.shipmentSent(777001, 51, "9400100000000000000077", "2026-11-24T10:00:00Z"));
        providers.stubFor(ShopifyStubs.orderUpdatedShipped(1001));

        ProcessInstance closeout = closeOutToItsEnd();

        assertThat(closeout).isEnded().hasPassed("End_NoFinancialDrift");
        assertThat(order).isWaitingAt("Task_SendShippedMail");
        assertThat(engine.getRuntimeService().getVariable(order.getId(), "trackingNumber"))
                .isEqualTo("9400100000000000000077");
        providers.verify(
                1,
                ShopifyStubs.requested("AutoBizOrderUpdate")
                        .withRequestBody(matchingJsonPath("$.variables.input.tags[0]", equalTo("shipped")))
                        .withRequestBody(containing("9400100000000000000077")));
        assertThat(rowsOf("fulfilment", "777001")).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(Status.REPAIRED);
            assertThat(row.financial()).isFalse();
            assertThat(row.decidedBy()).isEqualTo(Reconciliation.AUTOMATIC);
            assertThat(row.providerValue()).isEqualTo("9400100000000000000077");
            assertThat(row.resolution())
                    .contains("shopify.order.update@1", "ShipmentSent delivered to run " + order.getId());
        });
        assertThat(receipts("shopify.order.update@1", closeout.getId()))
                .as("the repair's Shopify write has its receipt, in the closeout's run")
                .isEqualTo(1);
        assertThat(variable(closeout, "driftReport")).asString().contains("repaired fulfilment 777001");

        ProcessInstance again = closeOutToItsEnd();
        assertThat(again).isEnded();
        assertThat(scheduledPass().drifts())
                .as("the schedule finds nothing left to repair")
                .isEmpty();
        assertThat(rowsOf("fulfilment", "777001")).hasSize(1);
        providers.verify(1, ShopifyStubs.requested("AutoBizOrderUpdate"));
    }
}
