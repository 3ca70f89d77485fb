package io.autobiz.workflows.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Unit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class MessageScopeTest {

    @Test
    @DisplayName("P1-T25 a message about one order of its sender is in scope, however the number is written")
    void oneOrderOfTheSender() {
        assertThat(MessageScope.findings("Hi, where is my order #1001? Thanks!", "ada@example.com", "#1001"))
                .isEmpty();
        assertThat(MessageScope.findings("Wo ist meine Bestellung 1001? ada@example.com", "ADA@example.com", "1001"))
                .isEmpty();
        assertThat(MessageScope.findings("Order no. 1001 and again #1001, please", "ada@example.com", "#1001"))
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T25 attack: a message naming several orders, or someone else's address, is out of scope")
    void severalOrdersOrSomeoneElse() {
        assertThat(MessageScope.findings("Where are #1001 and order 1002?", "ada@example.com", "#1001"))
                .containsExactly("the message names 2 orders");
        assertThat(MessageScope.findings("Where is #1001? It is bob@example.org's order", "ada@example.com", "#1001"))
                .containsExactly("the message carries an e-mail address other than the sender's");
    }

    @Test
    @DisplayName("P1-T25 attack: an order number the model did not read from the message is out of scope")
    void orderNumberNotInTheMessage() {
        assertThat(MessageScope.findings("Where is my parcel?", "ada@example.com", "#1001"))
                .containsExactly("the order number read by the model is not in the message");
        assertThat(MessageScope.findings("Where is my order #10011?", "ada@example.com", "#1001"))
                .containsExactly("the order number read by the model is not in the message");
    }
}
