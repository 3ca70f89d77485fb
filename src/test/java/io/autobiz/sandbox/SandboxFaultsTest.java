package io.autobiz.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class SandboxFaultsTest {

    private static SandboxFaultProperties faults(double serverErrors, double timeouts, double throttled, long limit) {
        return new SandboxFaultProperties(
                serverErrors,
                timeouts,
                throttled,
                0,
                42,
                Duration.ofSeconds(50),
                Duration.ofSeconds(1),
                Set.of(),
                limit);
    }

    @Test
    @DisplayName("P1-TASK-32 faults apply to the provider endpoints only, never to /sandbox nor /sandbox/faults")
    void onlyProviderEndpoints() {
        assertThat(SandboxFaults.providerOf("/sandbox/stripe/v1/payment_intents/pi_1"))
                .contains("stripe");
        assertThat(SandboxFaults.providerOf("/sandbox/printful/v2/orders")).contains("printful");
        assertThat(SandboxFaults.providerOf("/sandbox/llm/v1/chat/completions")).contains("llm");
        assertThat(SandboxFaults.providerOf("/sandbox")).isEmpty();
        assertThat(SandboxFaults.providerOf("/sandbox/")).isEmpty();
        assertThat(SandboxFaults.providerOf("/sandbox/faults")).isEmpty();
        assertThat(SandboxFaults.providerOf("/sandbox/stripe")).isEmpty();
        assertThat(SandboxFaults.providerOf("/webhooks/stripe/acme")).isEmpty();
    }

    @Test
    @DisplayName("P1-TASK-32 the same seed draws the same faults; the shares come out near the rates; counts per"
            + " provider and kind")
    void seededAndCounted() {
        SandboxFaults first = new SandboxFaults(faults(0.05, 0.02, 0.03, -1));
        SandboxFaults second = new SandboxFaults(faults(0.05, 0.02, 0.03, -1));
        List<Optional<SandboxFaults.Kind>> drawn = new ArrayList<>();
        int faulted = 0;
        for (int i = 0; i < 10_000; i++) {
            Optional<SandboxFaults.Kind> kind = first.forRequest("stripe");
            assertThat(second.forRequest("stripe")).isEqualTo(kind);
            drawn.add(kind);
            faulted += kind.isPresent() ? 1 : 0;
        }
        assertThat(faulted).isBetween(850, 1150);
        long serverErrors = drawn.stream()
                .filter(k -> k.equals(Optional.of(SandboxFaults.Kind.SERVER_ERROR)))
                .count();
        @SuppressWarnings("unchecked")
        java.util.Map<String, java.util.Map<String, Long>> injected =
                (java.util.Map<String, java.util.Map<String, Long>>)
                        first.report().get("injected");
        assertThat(injected.get("stripe").get("5xx")).isEqualTo(serverErrors);
        assertThat(first.report().get("injectedTotal")).isEqualTo((long) faulted);
    }

    @Test
    @DisplayName("P1-TASK-32 off by default; a limit stops injecting; providers restrict where faults go")
    void offLimitedAndRestricted() {
        SandboxFaults none = new SandboxFaults(SandboxFaultProperties.none());
        for (int i = 0; i < 100; i++) {
            assertThat(none.forRequest("stripe")).isEmpty();
            assertThat(none.loseWebhook("printful")).isFalse();
        }
        SandboxFaults limited = new SandboxFaults(faults(1, 0, 0, 3));
        long injected = 0;
        for (int i = 0; i < 10; i++) {
            injected += limited.forRequest("shopify").isPresent() ? 1 : 0;
        }
        assertThat(injected).isEqualTo(3);
        SandboxFaults onlyPrintful = new SandboxFaults(new SandboxFaultProperties(
                1, 0, 0, 1, 1, Duration.ofSeconds(50), Duration.ofSeconds(1), Set.of("printful"), -1));
        assertThat(onlyPrintful.forRequest("stripe")).isEmpty();
        assertThat(onlyPrintful.forRequest("printful")).contains(SandboxFaults.Kind.SERVER_ERROR);
        assertThat(onlyPrintful.loseWebhook("printful")).isTrue();
        assertThatThrownBy(() -> faults(0.6, 0.3, 0.2, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults(-0.1, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
