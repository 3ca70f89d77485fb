package io.autobiz.kernel.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.cost.CostTracker;
import io.autobiz.kernel.cost.PriceTable;
import io.autobiz.kernel.idempotency.IdempotencyGuard;
import io.autobiz.kernel.receipt.InMemoryReceipts;
import io.autobiz.kernel.redaction.RedactionPolicy;
import io.autobiz.kernel.redaction.Redactor;
import io.autobiz.kernel.redaction.SecretScanner;
import io.autobiz.kernel.state.InMemoryStates;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.Unit;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class EvidenceObservationTest {

    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    private final Evidence evidence = evidenceObservedBy(stopped);

    private static Evidence evidenceObservedBy(List<Observation.Context> sink) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                sink.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        return new Evidence(
                IdempotencyGuard.inMemory(meters, Clock.systemUTC()),
                new InMemoryReceipts(Clock.systemUTC()),
                new InMemoryStates(),
                new CostTracker(PriceTable.defaults(), meters),
                new Redactor(RedactionPolicy.defaults(), new SecretScanner(), meters),
                registry);
    }

    private static final RunContext RUN =
            new RunContext(TenantId.of("acme"), "run-7", "corr-7", "workflow:order-fulfill", "order-fulfill");

    private static java.util.Map<String, String> tags(Observation.Context context) {
        return context.getAllKeyValues().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    @Test
    @DisplayName("P1-T09 each tool call is one span carrying tenant, workflow, tool, run and correlation ID")
    void toolCallIsASpanWithTheRunsCorrelation() {
        String answer = evidence.observe(RUN, "stripe.payment.capture@1", () -> "done");

        assertThat(answer).isEqualTo("done");
        assertThat(stopped).singleElement().satisfies(context -> {
            assertThat(context.getName()).isEqualTo("autobiz.tool.call");
            assertThat(context.getContextualName()).isEqualTo("tool stripe.payment.capture@1");
            assertThat(tags(context))
                    .containsEntry("tenant", "acme")
                    .containsEntry("workflow", "order-fulfill")
                    .containsEntry("autobiz.run_id", "run-7")
                    .containsEntry("autobiz.correlation_id", "corr-7")
                    .containsEntry("outcome", "ok");
        });
    }

    @Test
    @DisplayName("P1-T09 a refused call's span records the kernel's error code")
    void refusalIsRecordedOnTheSpan() {
        assertThatThrownBy(() -> evidence.observe(RUN, "stripe.payment.capture@1", () -> {
                    throw KernelError.of(ErrorCode.PERMISSION_DENIED, "no");
                }))
                .isInstanceOf(KernelError.class);

        assertThat(stopped).singleElement().satisfies(context -> {
            assertThat(tags(context)).containsEntry("outcome", "PERMISSION_DENIED");
            assertThat(context.getError()).isInstanceOf(KernelError.class);
        });
    }
}
