package io.autobiz.tools.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.tenancy.TenantSettings;
import io.autobiz.testing.stage.Unit;
import io.autobiz.tools.ProviderProperties;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The start-up and call-time refusals of P1-TASK-19, each with the guard's name and no secret in the message. */
@Unit
class SandboxGuardTest {

    private static final TenantId ACME = TenantId.of("acme");
    private static final String LIVE = "sk_" + "live_51FakeFakeFakeFake"; // assembled so no file holds a live shape

    /** A store's provider endpoints and settings, as the guard is given them at start-up. */
    private record Config(ProviderProperties providers, TenantProperties stores) {}

    private static Config properties(String stripeBase, Map<String, String> secrets) {
        return new Config(
                new ProviderProperties(
                        URI.create(stripeBase),
                        "https://{shop}",
                        "2025-10",
                        URI.create("https://api.printful.com"),
                        "api.sendgrid.com",
                        "",
                        false,
                        true),
                new TenantProperties(Map.of(
                        "acme",
                        new TenantSettings(
                                "Acme", "acme.myshopify.com", "1", Map.of(), "o@example.com", Map.of(), secrets))));
    }

    private static SandboxGuard guard(SafetyProperties safety, Config config, boolean production) {
        return new SandboxGuard(safety, config.providers(), config.stores(), production);
    }

    private static SafetyProperties safety(List<String> live, List<String> realFulfilment) {
        return new SafetyProperties(
                live,
                realFulfilment,
                List.of("api.stripe.com", "*.myshopify.com", "api.printful.com", "api.sendgrid.com", "slack.com"),
                List.of("example.com"));
    }

    private static final SafetyProperties DEFAULTS = safety(List.of(), List.of());

    @Test
    @DisplayName(
            "P1-H01 a live Stripe key in a store's configured secrets refuses start-up, naming where, not the value")
    void liveKeyRefusedAtStartup() {
        assertThatThrownBy(() ->
                        guard(DEFAULTS, properties("https://api.stripe.com", Map.of("stripe.api_key", LIVE)), false))
                .isInstanceOfSatisfying(SandboxGuardViolation.class, e -> {
                    assertThat(e.guard()).isEqualTo("live-key");
                    assertThat(e.getMessage())
                            .contains("autobiz.tenants.acme.secrets.stripe.api_key")
                            .doesNotContain(LIVE);
                });
    }

    @Test
    @DisplayName("P1-H01 restricted and publishable live keys are refused too")
    void otherLiveKeyShapes() {
        for (String key : List.of("rk_" + "live_abc123", "pk_" + "live_abc123")) {
            assertThatThrownBy(() ->
                            guard(DEFAULTS, properties("https://api.stripe.com", Map.of("stripe.api_key", key)), false))
                    .isInstanceOf(SandboxGuardViolation.class);
        }
    }

    @Test
    @DisplayName("P1-H01 even under production, a store not marked live may not hold a live key")
    void productionNeedsTheTenantMarkedLive() {
        assertThatThrownBy(() ->
                        guard(DEFAULTS, properties("https://api.stripe.com", Map.of("stripe.api_key", LIVE)), true))
                .isInstanceOf(SandboxGuardViolation.class);
        assertThatCode(() -> guard(
                        safety(List.of("acme"), List.of()),
                        properties("https://api.stripe.com", Map.of("stripe.api_key", LIVE)),
                        true))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("P1-H01 a store marked live outside the production profile refuses start-up")
    void liveTenantOutsideProduction() {
        assertThatThrownBy(() -> guard(
                        safety(List.of("acme"), List.of()), properties("https://api.stripe.com", Map.of()), false))
                .isInstanceOfSatisfying(
                        SandboxGuardViolation.class, e -> assertThat(e.guard()).isEqualTo("live-tenant"));
    }

    @Test
    @DisplayName("P1-H02 a provider base URL that is neither loopback nor a sandbox host refuses start-up")
    void unknownHostRefused() {
        assertThatThrownBy(() -> guard(DEFAULTS, properties("https://payments.example.net", Map.of()), false))
                .isInstanceOfSatisfying(SandboxGuardViolation.class, e -> {
                    assertThat(e.guard()).isEqualTo("provider-host");
                    assertThat(e.getMessage()).contains("stripe").contains("payments.example.net");
                });
        assertThatCode(() -> guard(DEFAULTS, properties("http://127.0.0.1:8080/sandbox/stripe", Map.of()), false))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard(DEFAULTS, properties("http://localhost:9/x", Map.of()), false))
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("P1-H02 loopback is recognised by its literal name, without a DNS lookup")
    void loopbackNames() {
        assertThat(SandboxGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(SandboxGuard.isLoopback("[::1]")).isTrue();
        assertThat(SandboxGuard.isLoopback("localhost")).isTrue();
        assertThat(SandboxGuard.isLoopback("127.0.0.1.evil.example")).isFalse();
        assertThat(SandboxGuard.isLoopback("localhost.example.com")).isFalse();
        assertThat(SandboxGuard.isLoopback("10.0.0.1")).isFalse();
    }

    @Test
    @DisplayName("P1-H04 SendGrid's sandbox_mode is forced on for a store that is not live, whatever the setting")
    void sandboxModeForced() {
        SandboxGuard guard = guard(DEFAULTS, properties("https://api.stripe.com", Map.of()), false);
        assertThat(guard.mailSandboxMode(ACME, false)).isTrue();
        SandboxGuard production =
                guard(safety(List.of("acme"), List.of()), properties("https://api.stripe.com", Map.of()), true);
        assertThat(production.mailSandboxMode(ACME, false)).isFalse();
    }

    @Test
    @DisplayName("P1-H03 mail recipients are limited to the allowlisted domains and their subdomains")
    void recipients() {
        SandboxGuard guard = guard(DEFAULTS, properties("https://api.stripe.com", Map.of()), false);
        assertThatCode(() -> guard.requireRecipientAllowed(ACME, "ada@example.com"))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard.requireRecipientAllowed(ACME, "ada@mail.example.com"))
                .doesNotThrowAnyException();
        for (String address :
                List.of("ada@customer-mail.invalid", "ada@example.com.evil.invalid", "ada@notexample.invalid", "ada")) {
            assertThatThrownBy(() -> guard.requireRecipientAllowed(ACME, address))
                    .isInstanceOfSatisfying(KernelError.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
                        assertThat(e.details()).containsEntry("guard", "mail-recipient");
                    });
        }
    }

    @Test
    @DisplayName("P1-H06 real fulfilment needs a live store that allows it; allowing it without live refuses start-up")
    void realFulfilment() {
        assertThatThrownBy(() -> guard(
                        safety(List.of(), List.of("acme")), properties("https://api.stripe.com", Map.of()), false))
                .isInstanceOf(SandboxGuardViolation.class);
        SandboxGuard notLive = guard(DEFAULTS, properties("https://api.stripe.com", Map.of()), false);
        assertThatThrownBy(() -> notLive.requireFulfilmentAllowed(ACME)).isInstanceOf(KernelError.class);
        SandboxGuard live =
                guard(safety(List.of("acme"), List.of("acme")), properties("https://api.stripe.com", Map.of()), true);
        assertThatCode(() -> live.requireFulfilmentAllowed(ACME)).doesNotThrowAnyException();
    }
}
