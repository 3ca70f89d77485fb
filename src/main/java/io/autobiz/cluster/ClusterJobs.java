package io.autobiz.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a periodic job on one node of the cluster per period. Every node keeps its own timer; at each tick the node
 * that gets the job's ShedLock row runs it and the others skip. The lock is held for at least 90% of the job's
 * interval after it was taken, so a node whose timer fires a little later in the same period finds it still held; it
 * is held at most {@code max(interval, autobiz.cluster.job-lock-at-most)}, after which a node that died while running
 * the job no longer blocks it. Runs and skips are counted in {@code cluster_job_total{job,outcome}}.
 */
public class ClusterJobs {

    private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);

    private final LockProvider locks;
    private final ClusterProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    public ClusterJobs(LockProvider locks, ClusterProperties properties, Clock clock, MeterRegistry meters) {
        this.locks = locks;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Runs {@code task} here unless another node holds (or recently held, within this period) the job's lock.
     *
     * @param job the job's name, the lock row's key (at most 64 characters)
     * @param interval how often every node's timer fires for this job
     * @return whether this node ran it
     */
    public boolean runOnce(String job, Duration interval, Runnable task) {
        Duration atLeast = interval.multipliedBy(9).dividedBy(10);
        Duration atMost = interval.compareTo(properties.jobLockAtMost()) > 0 ? interval : properties.jobLockAtMost();
        Optional<SimpleLock> lock;
        try {
            lock = locks.lock(new LockConfiguration(clock.instant(), job, atMost, atLeast));
        } catch (RuntimeException e) {
            // Thrown out of a ScheduledExecutorService task it would cancel the timer for good; the next tick retries.
            meters.counter("cluster_job_total", "job", job, "outcome", "lock_failed")
                    .increment();
            log.warn("{} not run on {}: its lock could not be read ({})", job, properties.nodeId(), e.toString());
            return false;
        }
        if (lock.isEmpty()) {
            meters.counter("cluster_job_total", "job", job, "outcome", "skipped")
                    .increment();
            log.debug("{} skipped on {}: another node runs it this period", job, properties.nodeId());
            return false;
        }
        try {
            meters.counter("cluster_job_total", "job", job, "outcome", "ran").increment();
            task.run();
            return true;
        } finally {
            lock.get().unlock();
        }
    }
}
