package io.autobiz.credentials;

import io.autobiz.kernel.credential.JdbcSecretSource;
import io.autobiz.kernel.credential.SecretMetadata;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code credential_rotation_oldest_age_days{tenant}}: per store, the days since its least recently rotated secret got
 * its current value, for a rotation reminder. Labelled by store only: metric labels never carry secret names, so which
 * secret is oldest is in the administrators' list ({@code GET /admin/tenants/{tenant}/credentials}, each secret's
 * {@code ageDays}). The age is computed at every scrape from the last-read rotation times; these are re-read at
 * start-up, after each rotation through this node, and every {@code autobiz.credentials.age-refresh} (rotations on
 * other nodes). A store without stored secrets has no series.
 */
@Component
@Order(16)
public class CredentialRotationAge implements ApplicationRunner, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CredentialRotationAge.class);

    static final String METRIC = "credential_rotation_oldest_age_days";

    private final TenantProperties autobiz;
    private final CredentialProperties properties;
    private final JdbcSecretSource store;
    private final Clock clock;
    private final MultiGauge gauge;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "credential-rotation-age");
        thread.setDaemon(true);
        return thread;
    });

    CredentialRotationAge(
            TenantProperties autobiz,
            CredentialProperties properties,
            JdbcSecretSource store,
            Clock clock,
            MeterRegistry meters) {
        this.autobiz = autobiz;
        this.properties = properties;
        this.store = store;
        this.clock = clock;
        this.gauge = MultiGauge.builder(METRIC)
                .description("Days since the store's least recently rotated secret was stored")
                .baseUnit("days")
                .register(meters);
    }

    @Override
    public void run(ApplicationArguments args) {
        refresh();
        long every = properties.ageRefresh().toMillis();
        if (every > 0) {
            refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Re-reads every configured store's rotation times. */
    public void refresh() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String tenant : autobiz.tenants().keySet()) {
            List<SecretMetadata> secrets = store.list(TenantId.of(tenant));
            if (!secrets.isEmpty()) {
                rows.add(MultiGauge.Row.of(Tags.of("tenant", tenant), secrets, this::oldestAgeDays));
            }
        }
        gauge.register(rows, true);
    }

    private double oldestAgeDays(List<SecretMetadata> secrets) {
        Instant now = clock.instant();
        return secrets.stream().mapToDouble(secret -> secret.ageDays(now)).max().orElse(0);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("{} could not be refreshed ({})", METRIC, e.getClass().getSimpleName());
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
