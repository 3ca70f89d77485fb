package io.autobiz.kernel.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.MutableClock;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@IntegrationInternal
class TraceRetentionIT {

    private static TestDatabase database;

    @TempDir
    Path exportDir;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
    }

    private static TraceEvent line(String run, Instant at) {
        return new TraceEvent(
                new RunContext(TenantId.of("acme"), run, "corr-" + run, "workflow:test", "test"),
                TraceEvent.Kind.TOOL_CALL,
                "test.tool@1",
                TraceEvent.Outcome.OK,
                null,
                null,
                Duration.ofMillis(1),
                at,
                null,
                new StepEvidence(
                        "{\"orderId\":\"o-1\"}", "{\"status\":\"ok\"}", 100, null, null, null, null, null, false));
    }

    @Test
    @DisplayName("P1-T09 retention moves old transcript lines hot → warm (compressed rows) → cold (export files)")
    void tieredRetention() throws IOException {
        TenantJdbc jdbc = new TenantJdbc(database.appDataSource());
        JdbcTraces traces = new JdbcTraces(jdbc);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        traces.append(line("old-run", start));
        traces.append(line("old-run", start.plusSeconds(1)));
        traces.append(line("new-run", start.plus(Duration.ofDays(40))));
        MutableClock clock = new MutableClock(start.plus(Duration.ofDays(41)));
        TraceRetention retention = new TraceRetention(jdbc, clock, Duration.ofDays(30), Duration.ofDays(90), exportDir);

        TraceRetention.Pass warm = retention.run(TenantId.of("acme"));

        assertThat(warm.archivedLines()).isEqualTo(2);
        assertThat(warm.archives()).isEqualTo(1);
        assertThat(warm.exported()).isZero();
        assertThat(traces.transcript(TenantId.of("acme"), "old-run")).isEmpty();
        assertThat(traces.transcript(TenantId.of("acme"), "new-run")).hasSize(1);

        clock.advance(Duration.ofDays(91));
        TraceRetention.Pass cold = retention.run(TenantId.of("acme"));

        assertThat(cold.exported()).isEqualTo(1);
        List<Path> files;
        try (var listing = Files.list(exportDir.resolve("acme"))) {
            files = listing.toList();
        }
        assertThat(files).singleElement().satisfies(file -> {
            String text;
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(text.lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"run_id\":\"old-run\""));
            assertThat(Digests.sha256Hex(text)).hasSize(64);
        });
    }
}
