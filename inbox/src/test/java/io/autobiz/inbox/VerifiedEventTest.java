package io.autobiz.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.Unit;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class VerifiedEventTest {

    private static final TenantId ACME = TenantId.of("acme");

    private static VerifiedEvent shipmentAbout(EntityId entity) {
        return new VerifiedEvent(
                ACME, "printful", "shipment_sent:1", "shipment_sent", entity, "{}", "corr-1", Instant.EPOCH);
    }

    @Test
    @DisplayName("P1-T34 an event names its entity by a namespaced ID of its own store, never another's")
    void entityBelongsToTheEventsStore() {
        assertThat(shipmentAbout(EntityId.of(ACME, "printful-order", "777001"))
                        .entityId()
                        .toString())
                .isEqualTo("acme:printful-order:777001");
        assertThatThrownBy(() -> shipmentAbout(EntityId.of(TenantId.of("globex"), "printful-order", "777001")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another")
                .hasMessageContaining("globex");
    }
}
