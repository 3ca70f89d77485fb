package io.autobiz.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Unit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

@Unit
class ClusterJobsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    private final ClusterProperties properties = new ClusterProperties("node-a", Duration.ofMinutes(30));

    @Test
    @DisplayName("P1-TASK-32 a cluster job holds its lock for 90% of its interval at least and its lock-at-most at"
            + " most, and counts the run")
    void runsUnderTheLockWithTheIntervalsBounds() {
        List<LockConfiguration> asked = new ArrayList<>();
        AtomicInteger unlocked = new AtomicInteger();
        LockProvider granting = configuration -> {
            asked.add(configuration);
            return Optional.of((SimpleLock) unlocked::incrementAndGet);
        };
        AtomicInteger runs = new AtomicInteger();

        boolean ran = new ClusterJobs(granting, properties, clock, meters)
                .runOnce("reconciliation", Duration.ofHours(1), runs::incrementAndGet);

        assertThat(ran).isTrue();
        assertThat(runs).hasValue(1);
        assertThat(unlocked).hasValue(1);
        assertThat(asked).singleElement().satisfies(configuration -> {
            assertThat(configuration.getName()).isEqualTo("reconciliation");
            assertThat(configuration.getLockAtLeastFor()).isEqualTo(Duration.ofMinutes(54));
            assertThat(configuration.getLockAtMostFor()).isEqualTo(Duration.ofHours(1));
        });
        assertThat(meters.counter("cluster_job_total", "job", "reconciliation", "outcome", "ran")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-TASK-32 a cluster job whose lock another node holds is skipped, not run")
    void skipsWhenAnotherNodeHoldsTheLock() {
        AtomicInteger runs = new AtomicInteger();

        boolean ran = new ClusterJobs(configuration -> Optional.empty(), properties, clock, meters)
                .runOnce("trace-retention", Duration.ofMinutes(10), runs::incrementAndGet);

        assertThat(ran).isFalse();
        assertThat(runs).hasValue(0);
        assertThat(meters.counter("cluster_job_total", "job", "trace-retention", "outcome", "skipped")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-TASK-32 a lock that cannot be read skips this tick instead of throwing (which would cancel the"
            + " node's timer for good)")
    void aFailingLockStoreSkipsTheTick() {
        AtomicInteger runs = new AtomicInteger();
        LockProvider broken = configuration -> {
            throw new IllegalStateException("connection refused");
        };

        boolean ran = new ClusterJobs(broken, properties, clock, meters)
                .runOnce("reconciliation", Duration.ofMinutes(10), runs::incrementAndGet);

        assertThat(ran).isFalse();
        assertThat(runs).hasValue(0);
        assertThat(meters.counter("cluster_job_total", "job", "reconciliation", "outcome", "lock_failed")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-TASK-32 the node ID defaults to host and port, and an explicit one is kept")
    void nodeIdDefault() {
        MockEnvironment unset = new MockEnvironment()
                .withProperty("autobiz.cluster.node-id", "")
                .withProperty("server.port", "18181");
        new NodeIdDefault().postProcessEnvironment(unset, null);
        assertThat(unset.getProperty("autobiz.cluster.node-id"))
                .endsWith(":18181")
                .doesNotStartWith(":");

        MockEnvironment set = new MockEnvironment().withProperty("autobiz.cluster.node-id", "autobiz-b");
        new NodeIdDefault().postProcessEnvironment(set, null);
        assertThat(set.getProperty("autobiz.cluster.node-id")).isEqualTo("autobiz-b");
    }

    @Test
    @DisplayName("P1-TASK-32 a blank node ID is refused at start-up with a clear error")
    void blankNodeIdRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClusterProperties(" ", Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("autobiz.cluster.node-id");
    }
}
