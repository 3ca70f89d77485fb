package io.autobiz.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.tenant.EntityId;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcEvents}' group commit on PostgreSQL as the application role under row-level security. The first caller's
 * commit is held until the others are queued behind the store's lock, so what one commit gathers is known: then the
 * number of commits, every caller's answer and the rows stored are checked.
 */
@IntegrationInternal
class EventGroupCommitIT {

    private static final int QUEUED = 15;

    private static TestDatabase database;

    private final AtomicInteger commits = new AtomicInteger();
    private volatile CountDownLatch firstCommitHeld;
    private volatile CountDownLatch commitEntered;
    private TenantId tenant;
    private JdbcEvents events;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
    }

    @BeforeEach
    void setUp() {
        tenant = TenantId.of("g" + UUID.randomUUID().toString().substring(0, 8));
        events = new JdbcEvents(new TenantJdbc(countingCommits(database.appDataSource())), Clock.systemUTC());
    }

    @Test
    @DisplayName("P1-T36 concurrent deliveries of one store share a commit: 16 callers, 2 commits, 16 events stored,"
            + " each caller answered with its own event's ID")
    void queuedAppendsShareOneCommit() throws Exception {
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

    @Test
    @DisplayName("P1-T36 a duplicate among the queued deliveries rolls their group back and each is stored alone:"
            + " the duplicates are answered as such, every other delivery is stored once")
    void aDuplicateInAGroupDecidesEachDeliveryAlone() throws Exception {
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

    @Test
    @DisplayName("P1-T36 a delivery alone commits alone, as before group commit: one commit, its ID")
    void aLoneDeliveryCommitsAlone() {
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
        Map<String, Optional<String>> answers = new ConcurrentHashMap<>();
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
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
        assertThat(failures).as("callers that failed").isEmpty();
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
        return new TenantJdbc(database.appDataSource()).inTransaction(tenant, connection -> {
            // Row-level security shows only this test's store.
            try (PreparedStatement select = connection.prepareStatement("select provider_event_id from event_store");
                    ResultSet rows = select.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        });
    }

    /**
     * The application's pool, with every commit counted; the first commit after {@link #firstCommitHeld} is set tells
     * {@link #commitEntered} and waits for the latch before it commits.
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
                        CountDownLatch held = firstCommitHeld;
                        if (held != null) {
                            firstCommitHeld = null;
                            commitEntered.countDown();
                            if (!held.await(60, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the held commit was never released");
                            }
                        }
                        commits.incrementAndGet();
                    }
                    return invoke(connection, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
