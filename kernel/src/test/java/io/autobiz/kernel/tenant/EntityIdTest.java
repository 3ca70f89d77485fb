package io.autobiz.kernel.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.Unit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Unit
class EntityIdTest {

    private static final TenantId ACME = TenantId.of("acme");

    @Test
    @DisplayName("P1-T34 an entity ID is {tenant}:{kind}:{id} and says whose it is")
    void formatsAndParses() {
        EntityId order = EntityId.of(ACME, "printful-order", "777001");

        assertThat(order).hasToString("acme:printful-order:777001");
        assertThat(EntityId.parse("acme:printful-order:777001")).isEqualTo(order);
        assertThat(order.belongsTo(ACME)).isTrue();
        assertThat(order.belongsTo(TenantId.of("globex"))).isFalse();
    }

    @Test
    @DisplayName("P1-T34 the local part may wrap a provider ID with colons and slashes")
    void localPartMayWrapAProviderId() {
        EntityId wrapped = EntityId.parse("demo-store:shopify-order:gid://shopify/Order/1001");

        assertThat(wrapped.tenant()).isEqualTo(TenantId.of("demo-store"));
        assertThat(wrapped.kind()).isEqualTo("shopify-order");
        assertThat(wrapped.localId()).isEqualTo("gid://shopify/Order/1001");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "acme",
                "acme:order",
                "acme:order:",
                "Acme:order:1",
                "acme:Order:1",
                "acme:1order:1",
                "acme:order:has space",
                "gid://shopify/Order/1001",
                "pi_3Q0abc",
                "https://example.com/a:b"
            })
    @DisplayName("P1-T34 what is not a namespaced entity ID is refused with a reason, provider IDs included")
    void refusesWhatIsNotAnEntityId(String text) {
        assertThat(EntityId.isValid(text)).isFalse();
        assertThatThrownBy(() -> EntityId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("P1-T34 an entity ID fits the entity_id columns (300 characters)")
    void isBoundedByTheColumnWidth() {
        String longest = "x".repeat(EntityId.MAX_LENGTH - "acme:k:".length());

        assertThat(EntityId.of(ACME, "k", longest).toString()).hasSize(EntityId.MAX_LENGTH);
        assertThatThrownBy(() -> EntityId.of(ACME, "k", longest + "x")).hasMessageContaining("at most 300");
    }
}
