package io.autobiz.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.IntegrationInternal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On H2 (the quick start) a stored webhook keeps what ingress read from it: its processing state moves, while the typed
 * event and the BPMN message it becomes never change (V76), like the payload beside them.
 */
@IntegrationInternal
class H2EventStoreTransitionsTest {

    private String url;

    @BeforeEach
    void migrate() throws Exception {
        url = "jdbc:h2:mem:events-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement sql = connection.createStatement()) {
            sql.executeUpdate("insert into event_store (event_id, tenant_id, source, provider_event_id, event_type,"
                    + " entity_id, payload, payload_sha256, signature_valid, status, correlation_id, received_at,"
                    + " created_at, updated_at, dedup_key, message_name, body_sha256, typed_event) values ('e-1',"
                    + " 'demo-store', 'shopify', 'p-1', 'orders/paid', 'demo-store:shopify:1001', '{}', '"
                    + "a".repeat(64)
                    + "', true, 'RECEIVED', 'corr-1', current_timestamp, current_timestamp, current_timestamp,"
                    + " 'shopify:p-1', 'OrderPaid', '" + "b".repeat(64) + "', '{\"event\":\"OrderPaid\"}')");
        }
    }

    @Test
    @DisplayName("P1-T36 on H2 (quick start) a stored event's typed record and BPMN message are never rewritten")
    void typedEventAndMessageAreFixed() throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement sql = connection.createStatement()) {
            assertThatThrownBy(() ->
                            sql.executeUpdate("update event_store set typed_event = '{\"event\":\"OrderCancelled\"}'"))
                    .hasMessageContaining("column typed_event never changes");
            assertThatThrownBy(() -> sql.executeUpdate("update event_store set message_name = 'OrderCancelled'"))
                    .hasMessageContaining("column message_name never changes");
            try (var rows = sql.executeQuery("select typed_event, message_name from event_store")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("{\"event\":\"OrderPaid\"}");
                assertThat(rows.getString(2)).isEqualTo("OrderPaid");
            }
        }
    }

    @Test
    @DisplayName("P1-T36 on H2 (quick start) a stored event's processing state still moves as declared")
    void processingStateMoves() throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement sql = connection.createStatement()) {
            assertThat(sql.executeUpdate("update event_store set status = 'PROCESSED'"))
                    .isEqualTo(1);
            assertThatThrownBy(() -> sql.executeUpdate("update event_store set status = 'RECEIVED'"))
                    .hasMessageContaining("may not move from PROCESSED to RECEIVED");
        }
    }
}
