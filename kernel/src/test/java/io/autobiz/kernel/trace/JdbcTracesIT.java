package io.autobiz.kernel.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@IntegrationInternal
class JdbcTracesIT {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
    }

    private static TraceEvent aToolCall(String tenant, String run) {
        return new TraceEvent(
                new RunContext(TenantId.of(tenant), run, "corr-" + run, "workflow:test", "test"),
                TraceEvent.Kind.TOOL_CALL,
                "test.tool@1",
                TraceEvent.Outcome.OK,
                null,
                null,
                Duration.ofMillis(3),
                Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    @DisplayName("P1-T09 a run's transcript is persisted with its correlation ID, as the application role under RLS")
    void transcriptIsPersistedPerRun() {
        JdbcTraces store = new JdbcTraces(new TenantJdbc(database.appDataSource()));

        store.append(aToolCall("acme", "run-a"));
        store.appendDetached(aToolCall("acme", "run-a"));

        assertThat(store.transcript(TenantId.of("acme"), "run-a")).hasSize(2).allSatisfy(event -> {
            assertThat(event.correlationId()).isEqualTo("corr-run-a");
            assertThat(event.tool()).isEqualTo("test.tool@1");
            assertThat(event.durationMicros()).isEqualTo(3000);
        });
    }

    @Test
    @DisplayName("P1-T31 another tenant's context does not see the transcript")
    void anotherTenantSeesNothing() {
        JdbcTraces store = new JdbcTraces(new TenantJdbc(database.appDataSource()));
        store.append(aToolCall("acme", "run-b"));

        assertThat(store.transcript(TenantId.of("globex"), "run-b")).isEmpty();
    }
}
