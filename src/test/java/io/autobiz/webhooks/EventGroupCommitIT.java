package io.autobiz.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.inbox.JdbcEvents;
import io.autobiz.inbox.VerifiedEvent;
import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The event store's group commit ({@link JdbcEvents}) on PostgreSQL as the application role under row-level security,
 * and on H2 (the quick start). The first caller's commit is held until the others are queued behind the store's lock,
 * so what one commit gathers is known: then the number of commits, every caller's answer and the rows stored are
 * checked.
 */
@IntegrationInternal
class EventGroupCommitIT {

    private static final int QUEUED = 15;

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
        String url = "jdbc:h2:mem:group-commit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
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

    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger commitAttempts = new AtomicInteger();
    private volatile CountDownLatch firstCommitHeld;
    private volatile CountDownLatch commitEntered;
    private volatile boolean failTheCommitAfterTheHeldOne;
    private final TenantId tenant =
            TenantId.of("g" + UUID.randomUUID().toString().substring(0, 8));
    private DataSource database;
    private JdbcEvents events;

    private void use(Store store) {
        database = store.dataSource();
        events = new JdbcEvents(new TenantJdbc(countingCommits(database)), Clock.systemUTC());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("P1-T36 concurrent deliveries of one store share a commit: 16 callers, 2 commits, 16 events stored,"
            + " each caller answered with its own event's ID")
    void queuedAppendsShareOneCommit(Store store) throws Exception {
        use(store);
        List<VerifiedEvent> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            queued.add(event("evt-" + i, "key-" + i));
        }

        Map<String, Optional<String>> answers = appendBehindAHeldCommit(event("evt-first", "key-first"), queued);

        assertThat(commits)
                .as("commits: the first caller's, then one for the 15 queued behind it")
                .hasValue(2);
        assertThat(answers)
                .hasSize(QUEUED + 1)
                .allSatisfy((event, id) -> assertThat(id).isPresent());
        assertThat(answers.values().stream().map(Optional::get).distinct()).hasSize(QUEUED + 1);
        assertThat(storedProviderIds()).containsExactlyInAnyOrderElementsOf(answers.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("P1-T36 a duplicate among the queued deliveries rolls their group back and each is stored alone:"
            + " the duplicates are answered as such, every other delivery is stored once")
    void aDuplicateInAGroupDecidesEachDeliveryAlone(Store store) throws Exception {
        use(store);
        List<VerifiedEvent> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED - 3; i++) {
            queued.add(event("evt-" + i, "key-" + i));
        }
        queued.add(event("evt-again-first", "key-first")); // the first caller's dedup key
        queued.add(event("evt-twin-a", "key-twin"));
        queued.add(event("evt-twin-b", "key-twin"));

        Map<String, Optional<String>> answers = appendBehindAHeldCommit(event("evt-first", "key-first"), queued);

        assertThat(answers.get("evt-first")).isPresent();
        assertThat(answers.get("evt-again-first"))
                .as("a delivery already stored")
                .isEmpty();
        assertThat(answers.get("evt-twin-a").isPresent()
                        ^ answers.get("evt-twin-b").isPresent())
                .as("exactly one of two deliveries with one dedup key is stored")
                .isTrue();
        for (int i = 0; i < QUEUED - 3; i++) {
            assertThat(answers.get("evt-" + i)).as("evt-%d", i).isPresent();
        }
        List<String> stored = storedProviderIds();
        assertThat(stored).hasSize(QUEUED - 1).doesNotHaveDuplicates().doesNotContain("evt-again-first");
        answers.forEach((providerId, id) -> assertThat(stored.contains(providerId))
                .as("%s stored exactly when its caller was given an ID", providerId)
                .isEqualTo(id.isPresent()));
        assertThat(commits.get())
                .as("commits: the first, the failed group's rollback is none, then one per stored delivery")
                .isEqualTo(1 + (QUEUED - 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("P1-T36 a database failure of a group's commit fails each of its callers once: nothing stored, no"
            + " caller made to wait for a retry of the same failure event by event")
    void aDatabaseFailureFailsTheGroupOnce(Store store) throws Exception {
        use(store);
        List<VerifiedEvent> queued = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            queued.add(event("evt-" + i, "key-" + i));
        }
        failTheCommitAfterTheHeldOne = true;

        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        Map<String, Optional<String>> answers =
                appendBehindAHeldCommit(event("evt-first", "key-first"), queued, failures);

        assertThat(answers).containsOnlyKeys("evt-first");
        assertThat(failures)
                .hasSize(QUEUED)
                .allSatisfy((event, failure) -> assertThat(connectionLost(failure))
                        .as("%s failed with the group's connection failure", event)
                        .isTrue());
        assertThat(commitAttempts)
                .as("commit attempts: the first caller's and the group's")
                .hasValue(2);
        assertThat(storedProviderIds()).containsExactly("evt-first");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @DisplayName("P1-T36 a delivery alone commits alone, as before group commit: one commit, its ID")
    void aLoneDeliveryCommitsAlone(Store store) {
        use(store);
        Optional<String> id = events.append(event("evt-alone", "key-alone"));

        assertThat(id).isPresent();
        assertThat(commits).hasValue(1);
        assertThat(storedProviderIds()).containsExactly("evt-alone");
    }

    /**
     * Appends {@code first} with its commit held, starts one thread per queued event, waits until every one of them is
     * parked on the store's lock (its event queued), releases the commit and returns each caller's answer by provider
     * event ID.
     */
    private Map<String, Optional<String>> appendBehindAHeldCommit(VerifiedEvent first, List<VerifiedEvent> queued)
            throws Exception {
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        Map<String, Optional<String>> answers = appendBehindAHeldCommit(first, queued, failures);
        assertThat(failures).as("callers that failed").isEmpty();
        return answers;
    }

    /** The same, with the callers' failures collected in {@code failures} instead of failing the test. */
    private Map<String, Optional<String>> appendBehindAHeldCommit(
            VerifiedEvent first, List<VerifiedEvent> queued, Map<String, Throwable> failures) throws Exception {
        Map<String, Optional<String>> answers = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        firstCommitHeld = release;
        CountDownLatch firstInCommit = new CountDownLatch(1);
        commitEntered = firstInCommit;
        Thread firstCaller = caller(first, answers, failures);
        firstCaller.start();
        assertThat(firstInCommit.await(30, TimeUnit.SECONDS))
                .as("the first caller reached its commit")
                .isTrue();
        List<Thread> callers = new ArrayList<>();
        for (VerifiedEvent event : queued) {
            Thread caller = caller(event, answers, failures);
            callers.add(caller);
            caller.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!callers.stream().allMatch(caller -> caller.getState() == Thread.State.WAITING)) {
            assertThat(System.nanoTime()).as("every caller queued within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
        release.countDown();
        firstCaller.join(30_000);
        for (Thread caller : callers) {
            caller.join(30_000);
        }
        return answers;
    }

    private Thread caller(VerifiedEvent event, Map<String, Optional<String>> answers, Map<String, Throwable> failures) {
        return new Thread(() -> {
            try {
                answers.put(event.providerEventId(), events.append(event));
            } catch (Throwable e) {
                failures.put(event.providerEventId(), e);
            }
        });
    }

    private VerifiedEvent event(String providerEventId, String dedupKey) {
        return new VerifiedEvent(
                tenant,
                "test",
                providerEventId,
                "orders/paid",
                EntityId.of(tenant, "order", "1"),
                "{\"id\":\"" + providerEventId + "\"}",
                "corr-" + providerEventId,
                Instant.now(),
                dedupKey,
                null);
    }

    private List<String> storedProviderIds() {
        return new TenantJdbc(database).inTransaction(tenant, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select provider_event_id from event_store where tenant_id = ?")) {
                select.setString(1, tenant.value());
                try (ResultSet rows = select.executeQuery()) {
                    List<String> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                    return ids;
                }
            }
        });
    }

    /**
     * The database, with every commit counted; the first commit after {@link #firstCommitHeld} is set tells {@link
     * #commitEntered} and waits for the latch before it commits, and the next one fails as a lost connection when
     * {@link #failTheCommitAfterTheHeldOne} says so.
     */
    private DataSource countingCommits(DataSource pool) {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(pool, method, args);
                    if (result instanceof Connection connection) {
                        return countingCommits(connection);
                    }
                    return result;
                });
    }

    private Connection countingCommits(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        commitAttempts.incrementAndGet();
                        CountDownLatch held = firstCommitHeld;
                        if (held != null) {
                            firstCommitHeld = null;
                            commitEntered.countDown();
                            if (!held.await(60, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the held commit was never released");
                            }
                        } else if (failTheCommitAfterTheHeldOne) {
                            failTheCommitAfterTheHeldOne = false;
                            throw new SQLException("connection lost (simulated)", "08006");
                        }
                        commits.incrementAndGet();
                    }
                    return invoke(connection, method, args);
                });
    }

    private static boolean connectionLost(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "08006".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
