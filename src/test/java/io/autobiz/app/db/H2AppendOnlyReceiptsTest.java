package io.autobiz.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The quick start's H2 database refuses changes to receipts as PostgreSQL does (migration h2/V33). */
class H2AppendOnlyReceiptsTest {

    @Test
    @DisplayName("P1-TASK-14 on H2 (quick start) receipts refuse UPDATE and DELETE")
    void receiptsAreAppendOnlyOnH2() throws Exception {
        String url = "jdbc:h2:mem:receipts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement sql = connection.createStatement()) {
            sql.executeUpdate("insert into receipts (receipt_id, tenant_id, execution_id, correlation_id, tool,"
                    + " side_effect, internal_key, external_key, request, response, hash, chain_seq) values"
                    + " ('r-1', 'demo-store', 'run-1', 'corr-1', 'test.tool@1', 'WRITE', '" + "a".repeat(64)
                    + "', 'autobiz:x', '{}', '{}', '" + "b".repeat(64) + "', 1)");

            assertThatThrownBy(() -> sql.executeUpdate("update receipts set response = 'forged'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> sql.executeUpdate("delete from receipts")).hasMessageContaining("append-only");
            try (var rows = sql.executeQuery("select response from receipts")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("{}");
            }
        }
    }
}
