package io.autobiz.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.Unit;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Unit
class ConditionExprTest {

    private static Map<String, Object> order(long amount, int orderCount) {
        return Map.of("amount", amount, "order", Map.of("customer", Map.of("orderCount", orderCount)));
    }

    @Test
    @DisplayName("P1-T41 the seed's example condition reads nested facts and combines them")
    void seedExample() {
        ConditionExpr risky = ConditionExpr.parse("amount > 5000 || order.customer.orderCount < 2");

        assertThat(risky.test(order(6000, 10))).isTrue();
        assertThat(risky.test(order(100, 1))).isTrue();
        assertThat(risky.test(order(100, 5))).isFalse();
    }

    @Test
    @DisplayName("P1-T41 comparisons, equality, negation and grouping of strings and numbers")
    void operators() {
        Map<String, Object> facts = Map.of("amount", 2500, "currency", "USD", "country", "DE");

        assertThat(ConditionExpr.parse("currency == 'USD' && !(amount <= 1000)").test(facts))
                .isTrue();
        assertThat(ConditionExpr.parse("country != 'DE' or amount >= 2500").test(facts))
                .isTrue();
        assertThat(ConditionExpr.parse("country == 'US' and amount > 0").test(facts))
                .isFalse();
    }

    @Test
    @DisplayName("P1-T07-NEG-unknown-fact an unknown fact is an error, never a silent false")
    void unknownFactIsAnError() {
        ConditionExpr condition = ConditionExpr.parse("amount > 5000 || order.customer.orderCount < 2");

        assertThatThrownBy(() -> condition.test(Map.of("amount", 10)))
                .isInstanceOf(ConditionExpr.InvalidCondition.class);
    }

    @Test
    @DisplayName("P1-T07-NEG-not-boolean a condition must evaluate to true or false")
    void nonBooleanIsAnError() {
        assertThatThrownBy(() -> ConditionExpr.parse("amount + 1").test(Map.of("amount", 1)))
                .hasMessageContaining("true or false");
    }

    @ParameterizedTest(name = "P1-T07-NEG-forbidden-construct refuses {0}")
    @ValueSource(
            strings = {
                "amount = 5",
                "''.getClass().forName('java.lang.Runtime')",
                "new('java.lang.Object')",
                "for (x : [1,2]) { true }",
                "x -> true",
                "var x = 1",
                "amount > ",
                ""
            })
    void forbiddenConstructsAreRefusedAtParse(String text) {
        assertThatThrownBy(() -> ConditionExpr.parse(text)).isInstanceOf(ConditionExpr.InvalidCondition.class);
    }
}
