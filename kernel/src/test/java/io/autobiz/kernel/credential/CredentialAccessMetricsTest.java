package io.autobiz.kernel.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.Unit;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code credential_access_total} counts by store, dependency and action; a secret's name is never a label. */
@Unit
class CredentialAccessMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    @DisplayName("P1-TASK-27 credential accesses are counted by store and dependency, never by secret name")
    void countedByDependencyNotSecretName() {
        TenantId acme = TenantId.of("acme");
        JdbcCredentialAudit.count(
                meters, new CredentialAccess(acme, "stripe.api_key", "workflow:refund", CredentialAccess.Action.READ));
        JdbcCredentialAudit.count(
                meters,
                new CredentialAccess(acme, "stripe.webhook_secret", "webhook:stripe", CredentialAccess.Action.READ));
        JdbcCredentialAudit.count(
                meters, new CredentialAccess(acme, "not a name", "ops", CredentialAccess.Action.MISSING));

        assertThat(meters.get("credential_access_total")
                        .tags("tenant", "acme", "dependency", "stripe", "action", "READ")
                        .counter()
                        .count())
                .as("both stripe secrets in one series")
                .isEqualTo(2.0);
        assertThat(meters.get("credential_access_total")
                        .tags("tenant", "acme", "dependency", "invalid", "action", "MISSING")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.getMeters())
                .flatExtracting(meter -> meter.getId().getTags())
                .extracting(Tag::getValue)
                .doesNotContain("stripe.api_key", "stripe.webhook_secret", "not a name", "api_key", "webhook_secret");
        assertThat(meters.getMeters())
                .extracting(Meter::getId)
                .allSatisfy(id -> assertThat(id.getTags())
                        .extracting(Tag::getKey)
                        .containsExactlyInAnyOrder("tenant", "dependency", "action"));
    }
}
