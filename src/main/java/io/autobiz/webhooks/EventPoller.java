package io.autobiz.webhooks;

import io.autobiz.inbox.EventProcessor;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link EventProcessor} for every store this node serves: every poll interval, and at once when ingress
 * stored something. One thread per node; other nodes' pollers skip the events this one holds locked.
 */
public final class EventPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventPoller.class);
    private static final int BATCH = 200;

    private final EventProcessor processor;
    private final TenantProperties stores;
    private final WebhookProperties.Processor settings;
    private ScheduledExecutorService thread;

    EventPoller(EventProcessor processor, TenantProperties stores, WebhookProperties.Processor settings) {
        this.processor = processor;
        this.stores = stores;
        this.settings = settings;
    }

    /** Processes the store's due events soon, on the poller's thread. */
    void wake(TenantId tenant) {
        ScheduledExecutorService running = thread;
        if (running != null) {
            running.execute(() -> drain(tenant));
        }
    }

    /** Processes every store's due events now, on the caller's thread; returns how many were handled. */
    public int drainAll() {
        int handled = 0;
        for (String tenant : stores.tenants().keySet()) {
            handled += drain(TenantId.of(tenant));
        }
        return handled;
    }

    private int drain(TenantId tenant) {
        try {
            return processor.drain(tenant, BATCH);
        } catch (RuntimeException e) {
            log.warn("event processing for {} failed; retried on the next poll: {}", tenant, e.toString());
            return 0;
        }
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "autobiz-event-processor");
            t.setDaemon(true);
            return t;
        });
        long interval = settings.pollInterval().toMillis();
        thread.scheduleWithFixedDelay(this::drainAll, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    /** After the engine, before the web server: stops taking events before the engine goes away. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
