package io.autobiz.engine;

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
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A workflow step's receipt is linked into its store's chain when the step commits (issue 19): the chain head is not
 * held while the step is still open, and a step that rolls back leaves no gap. The kernel is wired as the application
 * wires it ({@code KernelConfiguration}: a transaction-aware data source and {@link SpringCommitHooks}), with Spring
 * transactions standing in for the engine's, on PostgreSQL (application role, row-level security) and on H2.
 */
@IntegrationInternal
class ReceiptChainAtCommitIT {

    /** How long a step may take to append and commit while another is open; the old lock made it wait for good. */
    private static final long PATIENCE_SECONDS = 30;

    record Store(String name, DataSource dataSource) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of(new Store("PostgreSQL", postgres())), Arguments.of(new Store("H2", h2())));
    }

    private static DataSource postgres() {
        return TestPostgres.newDatabase().migrateAutoBizTables().appDataSource();
    }

    private static DataSource h2() {
        String url = "jdbc:h2:mem:receipt-chain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("sa");
        return h2;
    }

    private final TenantId store =
            TenantId.of("acme-" + UUID.randomUUID().toString().substring(0, 8));

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("P1-T13 P3 an open step's receipt does not hold its store's chain: a second step of the store appends"
            + " and commits before the first commits, and both are chained in commit order")
    void anOpenStepDoesNotBlockTheNextOne(Store database) throws Exception {
        TransactionTemplate steps = steps(database);
        JdbcReceipts receipts = receipts(database);
        CountDownLatch firstAppended = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Receipt> first = threads.submit(() -> steps.execute(status -> {
                Receipt appended = receipts.append(draft("first"));
                firstAppended.countDown();
                await(firstMayCommit);
                return appended;
            }));
            assertThat(firstAppended.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();

            Future<Receipt> second = threads.submit(() -> steps.execute(status -> receipts.append(draft("second"))));
            Receipt secondReceipt;
            try {
                secondReceipt = second.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the second step waited for the first one's commit: the open step holds the"
                        + " store's receipt chain");
            }
            assertThat(secondReceipt.chained())
                    .as("returned inside its transaction")
                    .isFalse();
            assertThat(receipts.chain(store))
                    .as("the second step committed while the first is open")
                    .extracting(Receipt::receiptId)
                    .containsExactly(secondReceipt.receiptId());

            firstMayCommit.countDown();
            Receipt firstReceipt = first.get(PATIENCE_SECONDS, TimeUnit.SECONDS);

            List<Receipt> chain = receipts.chain(store);
            assertThat(chain)
                    .extracting(Receipt::receiptId)
                    .containsExactly(secondReceipt.receiptId(), firstReceipt.receiptId());
            assertThat(chain).extracting(Receipt::chainSeq).containsExactly(1L, 2L);
            Receipt stored = chain.get(1);
            assertThat(stored.request()).isEqualTo(firstReceipt.request());
            assertThat(stored.createdAt()).isEqualTo(firstReceipt.createdAt());
            assertThat(receipts.open(stored).path("request").path("step").asText())
                    .isEqualTo("first");
            assertThat(receipts.verify(store).brokenLink()).isEmpty();
        } finally {
            firstMayCommit.countDown();
            threads.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("P1-T13 P3 a step that rolls back leaves no receipt and takes no number: the chain has no gap")
    void aRolledBackStepLeavesNoGap(Store database) {
        TransactionTemplate steps = steps(database);
        JdbcReceipts receipts = receipts(database);
        steps.executeWithoutResult(status -> receipts.append(draft("one")));
        String[] undone = new String[1];
        assertThatThrownBy(() -> steps.executeWithoutResult(status -> {
                    undone[0] = receipts.append(draft("undone")).receiptId();
                    throw new IllegalStateException("the step failed after its tool call");
                }))
                .isInstanceOf(IllegalStateException.class);
        steps.executeWithoutResult(status -> {
            receipts.append(draft("undone too"));
            status.setRollbackOnly();
        });
        steps.executeWithoutResult(status -> receipts.append(draft("two")));

        assertThat(receipts.find(store, undone[0])).isEmpty();
        List<Receipt> chain = receipts.chain(store);
        assertThat(chain).extracting(Receipt::chainSeq).containsExactly(1L, 2L);
        assertThat(chain)
                .extracting(r -> receipts.open(r).path("request").path("step").asText())
                .containsExactly("one", "two");
        assertThat(receipts.verify(store).brokenLink()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("P1-T13 P3 one step's receipts are chained at its commit in the order it appended them, each store's"
            + " in its own chain; without a transaction a receipt is chained at once")
    void aStepsReceiptsKeepTheirOrder(Store database) {
        TransactionTemplate steps = steps(database);
        JdbcReceipts receipts = receipts(database);
        TenantId other = TenantId.of(store.value() + "-b");

        Receipt outside = receipts.append(draft("outside"));
        assertThat(outside.chained()).isTrue();
        assertThat(outside.chainSeq()).isEqualTo(1);

        List<Receipt> inside = steps.execute(status -> List.of(
                receipts.append(draft("a")),
                receipts.append(draft(other, "other store")),
                receipts.append(draft("b")),
                receipts.append(draft("c"))));
        assertThat(inside).noneMatch(Receipt::chained);

        assertThat(receipts.chain(store))
                .extracting(Receipt::receiptId)
                .containsExactly(
                        outside.receiptId(),
                        inside.get(0).receiptId(),
                        inside.get(2).receiptId(),
                        inside.get(3).receiptId());
        assertThat(receipts.chain(other))
                .extracting(Receipt::receiptId)
                .containsExactly(inside.get(1).receiptId());
        assertThat(receipts.verify(store).brokenLink()).isEmpty();
        assertThat(receipts.verify(other).brokenLink()).isEmpty();
    }

    private static TransactionTemplate steps(Store database) {
        return new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
    }

    private static JdbcReceipts receipts(Store database) {
        DataSource pool = database.dataSource();
        TenantJdbc jdbc = new TenantJdbc(new TransactionAwareDataSourceProxy(pool), pool)
                .committingThrough(new SpringCommitHooks());
        return new JdbcReceipts(
                jdbc,
                new SecretBox(KeyRing.of(Map.of("test-k1", new byte[32]), "test-k1")),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    private NewReceipt draft(String step) {
        return draft(store, step);
    }

    private static NewReceipt draft(TenantId tenant, String step) {
        String internal = Digests.sha256Hex(tenant.value() + step + UUID.randomUUID());
        return new NewReceipt(
                tenant,
                "run-" + internal.substring(0, 8),
                "corr",
                "test.payment.capture@1",
                SideEffect.WRITE,
                internal,
                "autobiz:" + internal.substring(0, 32),
                null,
                Json.object().put("step", step),
                Json.object().put("status", "ok"),
                null);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(2 * PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the first step commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
