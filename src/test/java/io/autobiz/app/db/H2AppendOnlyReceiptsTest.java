package io.autobiz.app.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.NewReceipt;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.testing.stage.IntegrationInternal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The quick start's H2 database refuses changes to receipts as PostgreSQL does (migration h2/V33). */
@IntegrationInternal
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

    @Test
    @DisplayName(
            "P1-T13 on H2 (quick start) a store's first receipts written at the same moment chain one after another")
    void concurrentFirstReceiptsChainOnH2() throws Exception {
        String url = "jdbc:h2:mem:receipts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("sa");
        JdbcReceipts receipts = new JdbcReceipts(
                new TenantJdbc(h2),
                new SecretBox(KeyRing.of(Map.of("test-k1", new byte[32]), "test-k1")),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        TenantId store = TenantId.of("demo-store");
        int writers = 6;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Receipt>> written = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String internal = Digests.sha256Hex("payment-" + i);
                written.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return receipts.append(new NewReceipt(
                            store,
                            "run-" + internal.substring(0, 8),
                            "corr",
                            "test.payment.capture@1",
                            SideEffect.WRITE,
                            internal,
                            "autobiz:" + internal.substring(0, 32),
                            null,
                            Json.object(),
                            Json.object(),
                            null));
                }));
            }
            for (Future<Receipt> receipt : written) {
                receipt.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(receipts.chain(store)).extracting(Receipt::chainSeq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(receipts.verify(store).brokenLink()).isEmpty();
    }
}
