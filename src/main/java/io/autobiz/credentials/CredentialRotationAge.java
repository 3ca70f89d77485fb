package io.autobiz.credentials;

import io.autobiz.kernel.credential.JdbcSecretSource;
import io.autobiz.kernel.credential.SecretMetadata;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
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
 * {@code credential_rotation_age_days{tenant,secret}}: days since each stored secret got its current value, for the
 * alert that asks for a rotation. The age is computed at every scrape from the last-read rotation time; the rotation
 * times are re-read at start-up, after each rotation through this node, and every {@code autobiz.credentials
 * .age-refresh} (rotations on other nodes).
 */
@Component
@Order(16)
public class CredentialRotationAge implements ApplicationRunner, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CredentialRotationAge.class);

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
        this.gauge = MultiGauge.builder("credential_rotation_age_days")
                .description("Days since the stored secret was last rotated")
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
            for (SecretMetadata secret : store.list(TenantId.of(tenant))) {
                rows.add(MultiGauge.Row.of(
                        Tags.of("tenant", tenant, "secret", secret.name()),
                        secret,
                        stored -> stored.ageDays(clock.instant())));
            }
        }
        gauge.register(rows, true);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn(
                    "credential_rotation_age_days could not be refreshed ({})",
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
