package io.autobiz.delegates;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.delegates.FulfilmentCheck.Decision;
import io.autobiz.delegates.FulfilmentCheck.Order;
import io.autobiz.delegates.FulfilmentCheck.Payment;
import io.autobiz.delegates.FulfilmentCheck.Verdict;
import io.autobiz.testing.stage.Unit;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class FulfilmentCheckTest {

    private static final String ORDER = "gid://shopify/Order/1001";

    private static Order anOrder() {
        return new Order(ORDER, "AUTHORIZED", false, 2500, "USD");
    }

    private static Payment itsPayment() {
        return new Payment("pi_1", ORDER, 2500, "usd", "requires_capture");
    }

    private static Decision decide(Order order, Payment payment) {
        return FulfilmentCheck.decide(order, payment, Optional.empty());
    }

    @Test
    @DisplayName("P1-T19 an authorised order paid by its own authorisation is fulfilled")
    void authorisedOrderWithItsOwnPaymentIsFulfilled() {
        assertThat(decide(anOrder(), itsPayment()).verdict()).isEqualTo(Verdict.FULFIL);
        assertThat(decide(new Order(ORDER, "paid", false, 2500, "USD"), itsPayment())
                        .verdict())
                .isEqualTo(Verdict.FULFIL);
    }

    @Test
    @DisplayName("P1-T19 another run of the order decides before anything else: the duplicate ends quietly")
    void anotherRunMakesThisADuplicate() {
        Decision decision = FulfilmentCheck.decide(
                new Order(ORDER, "PENDING", true, 2500, "USD"), itsPayment(), Optional.of("run-1"));

        assertThat(decision.verdict()).isEqualTo(Verdict.ALREADY_FULFILLED);
        assertThat(decision.reason()).contains("run-1");
    }

    @Test
    @DisplayName("P1-T19 an order Shopify shows cancelled, or not authorised or paid, is not fulfilled")
    void cancelledOrUnpaidOrdersAreNotFulfilled() {
        assertThat(decide(new Order(ORDER, "AUTHORIZED", true, 2500, "USD"), itsPayment())
                        .verdict())
                .isEqualTo(Verdict.ORDER_CANCELLED);
        for (String status : new String[] {"PENDING", "VOIDED", "REFUNDED", "PARTIALLY_PAID", "", null}) {
            assertThat(decide(new Order(ORDER, status, false, 2500, "USD"), itsPayment())
                            .verdict())
                    .as("financial status %s", status)
                    .isEqualTo(Verdict.ORDER_NOT_PAID);
        }
    }

    @Test
    @DisplayName("P1-T20 a PaymentIntent of another order, of none, of another amount or currency does not pay it")
    void mismatchedPaymentsAreRefused() {
        assertThat(decide(anOrder(), new Payment("pi_1", "gid://shopify/Order/1002", 2500, "usd", "requires_capture")))
                .satisfies(decision -> {
                    assertThat(decision.verdict()).isEqualTo(Verdict.PAYMENT_MISMATCH);
                    assertThat(decision.reason()).contains("pi_1", "gid://shopify/Order/1002");
                });
        assertThat(decide(anOrder(), new Payment("pi_1", null, 2500, "usd", "requires_capture"))
                        .verdict())
                .isEqualTo(Verdict.PAYMENT_MISMATCH);
        assertThat(decide(anOrder(), new Payment("pi_1", "10011", 2500, "usd", "requires_capture"))
                        .verdict())
                .as("a numeric ID is compared whole, not as a prefix")
                .isEqualTo(Verdict.PAYMENT_MISMATCH);
        assertThat(decide(anOrder(), new Payment("pi_1", ORDER, 2499, "usd", "requires_capture"))
                        .reason())
                .contains("amount is 2499");
        assertThat(decide(anOrder(), new Payment("pi_1", ORDER, 2500, "eur", "requires_capture"))
                        .reason())
                .contains("currency is eur");
    }

    @Test
    @DisplayName("P1-T20 the metadata may name the order by its GID or by Shopify's numeric ID")
    void metadataNamesTheOrderByGidOrNumber() {
        assertThat(FulfilmentCheck.namesOrder(ORDER, ORDER)).isTrue();
        assertThat(FulfilmentCheck.namesOrder("1001", ORDER)).isTrue();
        assertThat(FulfilmentCheck.namesOrder("acme:order:1001", ORDER)).isFalse();
        assertThat(FulfilmentCheck.namesOrder(" ", ORDER)).isFalse();
    }

    @Test
    @DisplayName("P1-T20 a matching PaymentIntent that no longer waits for capture is not captured")
    void paymentThatCannotBeCapturedIsNotFulfilled() {
        for (String status : new String[] {"succeeded", "canceled", "requires_payment_method"}) {
            assertThat(decide(anOrder(), new Payment("pi_1", ORDER, 2500, "usd", status))
                            .verdict())
                    .isEqualTo(Verdict.PAYMENT_NOT_CAPTURABLE);
        }
    }
}
