package io.autobiz.kernel.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.Unit;
import io.autobiz.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class CredentialScoperTest {

    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    /** Only globex has a Stripe key; acme has only its Printful token. */
    private static final Map<TenantId, Map<String, String>> STORED = Map.of(
            GLOBEX, Map.of("stripe.api_key", "sk_test_fake_globex_only"),
            ACME, Map.of("printful.token", "fake-acme-printful-token"));

    private final List<CredentialAccess> audit = new CopyOnWriteArrayList<>();
    private final List<SecurityIncident> incidents = new CopyOnWriteArrayList<>();
    private final SecretSource stored = (tenant, name) ->
            Optional.ofNullable(STORED.getOrDefault(tenant, Map.of()).get(name));
    private final CredentialScoper scoper = new CredentialScoper(stored, audit::add, incidents::add);

    @Test
    @DisplayName("P1-T32 tenant A never gets tenant B's key: a key only B has is CREDENTIAL_MISSING for A, audited")
    void noFallbackToAnotherTenant() {
        ScopedCredentials acmeStripe = scoper.scopeFor(ACME, "stripe", "workflow:refund");

        assertThatThrownBy(() -> acmeStripe.require("api_key"))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CREDENTIAL_MISSING);
                    assertThat(error.getMessage()).contains("acme", "stripe.api_key");
                });
        assertThat(scoper.scopeFor(GLOBEX, "stripe").require("api_key")).isEqualTo("sk_test_fake_globex_only");
        assertThat(audit)
                .containsExactly(
                        new CredentialAccess(
                                ACME, "stripe.api_key", "workflow:refund", CredentialAccess.Action.MISSING),
                        new CredentialAccess(
                                GLOBEX, "stripe.api_key", CredentialScoper.SYSTEM, CredentialAccess.Action.READ));
    }

    @Test
    @DisplayName("P1-T32 scoped credentials name their scope, never a value")
    void toStringNamesTheScopeOnly() {
        ScopedCredentials printful = scoper.scopeFor(ACME, "printful", "workflow:order-fulfill");
        printful.require("token");

        assertThat(printful.toString())
                .contains("acme", "printful", "workflow:order-fulfill")
                .doesNotContain("fake-acme-printful-token");
        assertThat(audit.get(0).toString()).doesNotContain("fake-acme-printful-token");
    }

    @Test
    @DisplayName(
            "P1-T32 P1-T-RK06c a stored value that belongs to another store is refused as CROSS_TENANT and recorded")
    void foreignStoredValueIsAnIncident() {
        CredentialScoper copiedRow = new CredentialScoper(
                (tenant, name) -> {
                    throw new CredentialRefusedException("does not open here");
                },
                audit::add,
                incidents::add);

        assertThatThrownBy(() ->
                        copiedRow.scopeFor(ACME, "stripe", "workflow:refund").require("api_key"))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.CROSS_TENANT));
        assertThat(audit).extracting(CredentialAccess::action).containsExactly(CredentialAccess.Action.REFUSED);
        assertThat(incidents).singleElement().satisfies(incident -> {
            assertThat(incident.channel()).isEqualTo(SecurityIncident.Channel.CREDENTIAL);
            assertThat(incident.principal()).isEqualTo("workflow:refund");
            assertThat(incident.attempted()).contains("stripe.api_key");
        });
    }

    @Test
    @DisplayName("P1-T32 a credential whose access cannot be audited is not handed out")
    void failsClosedWhenTheAuditFails() {
        CredentialScoper unaudited = new CredentialScoper(
                stored,
                access -> {
                    throw new IllegalStateException("audit table unreachable");
                },
                incidents::add);

        assertThatThrownBy(() -> unaudited.scopeFor(ACME, "printful").require("token"))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.KERNEL_FAILURE);
                    assertThat(error.getMessage()).doesNotContain("fake-acme-printful-token");
                });
    }

    @Test
    @DisplayName("P1-T32 secret names are <dependency>.<key>; anything else is refused")
    void secretNamesAreChecked() {
        assertThat(SecretName.isValid("stripe.api_key")).isTrue();
        assertThat(SecretName.isValid("printful.webhook_secret")).isTrue();
        for (String bad :
                new String[] {"stripe", "Stripe.api_key", "stripe.api__key", "stripe.api_key_", "a.b.c", ""}) {
            assertThat(SecretName.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> scoper.scopeFor(ACME, "Stripe")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("P1-T32 a secret read to check a request's proof is written down only once the proof held, then once"
            + " per store, secret, principal and minute")
    void proofReadsAreAuditedAfterTheProofOncePerMinute() {
        List<CredentialAccess> proofAudit = new CopyOnWriteArrayList<>();
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:10Z"));
        CredentialScoper webhooks = new CredentialScoper(
                stored, audit::add, new PerMinuteCredentialAudit(proofAudit::add, clock), incidents::add);

        for (int unsigned = 0; unsigned < 100; unsigned++) {
            assertThat(webhooks.scopeFor(ACME, "printful", "webhook:printful").findToCheckProof("token"))
                    .contains("fake-acme-printful-token");
            assertThat(webhooks.scopeFor(ACME, "stripe", "webhook:stripe").findToCheckProof("webhook_secret"))
                    .isEmpty();
        }
        assertThat(audit)
                .as("refused requests leave no audit record, found or not")
                .isEmpty();
        assertThat(proofAudit).isEmpty();

        for (int signed = 0; signed < 50; signed++) {
            webhooks.scopeFor(ACME, "printful", "webhook:printful").proofHeld("token");
        }
        clock.advance(Duration.ofSeconds(49)); // 08:00:59, the same minute
        webhooks.scopeFor(ACME, "printful", "webhook:printful").proofHeld("token");
        clock.advance(Duration.ofSeconds(1)); // 08:01:00, the next
        webhooks.scopeFor(ACME, "printful", "webhook:printful").proofHeld("token");

        CredentialAccess read =
                new CredentialAccess(ACME, "printful.token", "webhook:printful", CredentialAccess.Action.READ);
        assertThat(proofAudit).containsExactly(read, read);
        assertThat(audit).isEmpty();
    }
}
