package io.autobiz.delegates;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.testing.stage.IntegrationInternal;
import java.util.Date;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@IntegrationInternal
class RefusalsFailFastTest {

    private static ProcessEngineException unhandled(String code) {
        return new ProcessEngineException(
                "ENGINE-02042 Execution with id 'Task_X' throws an error event with errorCode '" + code
                        + "' and errorMessage 'whatever', but no error handler was defined. ");
    }

    @Test
    @DisplayName(
            "P1-T02-NEG-no-retry a refusal retrying cannot fix is recognised from the engine's unhandled-error failure")
    void recognisesNonRetryableRefusals() {
        assertThat(RefusalsFailFast.nonRetryableRefusal(unhandled("SCHEMA_INVALID")))
                .contains("SCHEMA_INVALID");
        assertThat(RefusalsFailFast.nonRetryableRefusal(new RuntimeException("wrapped", unhandled("BOUND_EXCEEDED"))))
                .contains("BOUND_EXCEEDED");
    }

    @Test
    @DisplayName("P1-T02 retryable failures and other errors keep the task's retry cycle (the other side of"
            + " P1-T02-NEG-no-retry)")
    void leavesOtherFailuresAlone() {
        assertThat(RefusalsFailFast.nonRetryableRefusal(unhandled("PROVIDER_UNAVAILABLE")))
                .isEmpty();
        assertThat(RefusalsFailFast.nonRetryableRefusal(unhandled("SOME_BPMN_CODE_OF_A_DIAGRAM")))
                .isEmpty();
        assertThat(RefusalsFailFast.nonRetryableRefusal(new IllegalStateException("database down")))
                .isEmpty();
        assertThat(RefusalsFailFast.nonRetryableRefusal(
                        new ToolCallFailedException(KernelError.of(ErrorCode.TOOL_TIMEOUT, "slow"))))
                .isEmpty();
    }

    @Test
    @DisplayName(
            "P1-T02-NEG-no-retry a refusal the diagram has no path for is an incident at once; one that may pass is"
                    + " retried first")
    void uncaughtDelegateErrorsFollowTheirRetryability() {
        assertThat(RefusalsFailFast.nonRetryableRefusal(
                        new DiagramErrors.UncaughtErrorException("PROVIDER_REJECTED", "printful said 404", false)))
                .contains("PROVIDER_REJECTED");
        assertThat(RefusalsFailFast.nonRetryableRefusal(new RuntimeException(
                        "wrapped", new DiagramErrors.UncaughtErrorException("LLM_OUTPUT_INVALID", "not JSON", false))))
                .contains("LLM_OUTPUT_INVALID");
        assertThat(RefusalsFailFast.nonRetryableRefusal(
                        new DiagramErrors.UncaughtErrorException("PROVIDER_UNAVAILABLE", "503", true)))
                .isEmpty();
    }

    @Test
    @DisplayName("SOAK-INV-03 a call the open circuit breaker refused was not made: its job is retried without"
            + " using up one of the task's retries; every failure of a call that was made still counts")
    void breakerRefusalsDoNotUseUpRetries() {
        assertThat(RefusalsFailFast.callNotMade(new RuntimeException(
                        "wrapped",
                        new ToolCallFailedException(
                                KernelError.of(ErrorCode.DEPENDENCY_UNAVAILABLE, "breaker of stripe is OPEN")))))
                .isTrue();
        assertThat(RefusalsFailFast.callNotMade(
                        new ToolCallFailedException(KernelError.of(ErrorCode.PROVIDER_UNAVAILABLE, "503"))))
                .isFalse();
        assertThat(RefusalsFailFast.callNotMade(
                        new ToolCallFailedException(KernelError.of(ErrorCode.TOOL_TIMEOUT, "slow"))))
                .isFalse();
        assertThat(RefusalsFailFast.callNotMade(new IllegalStateException("database down")))
                .isFalse();
        assertThat(new RefusalsFailFast()
                        .getCommand(
                                "job-1",
                                new ToolCallFailedException(
                                        KernelError.of(ErrorCode.DEPENDENCY_UNAVAILABLE, "breaker OPEN")))
                        .getClass()
                        .getSimpleName())
                .isEqualTo("RetryWithoutCountingIt");
    }

    @Test
    @DisplayName("SOAK-INV-03 breaker refusals are re-run without counting only up to MAX_BREAKER_WAIT after the job"
            + " was created; after that they count as ordinary retries, so a breaker that never closes ends in an"
            + " incident a person sees instead of a job that runs forever")
    void breakerReRunsAreCapped() {
        Date created = new Date(1_000_000_000_000L);
        Date soon = new Date(created.getTime() + RefusalsFailFast.AFTER_BREAKER_REFUSAL.toMillis() * 3);
        Date late = new Date(created.getTime() + RefusalsFailFast.MAX_BREAKER_WAIT.toMillis() + 1);

        assertThat(RefusalsFailFast.breakerWaitOver(created, soon)).isFalse();
        assertThat(RefusalsFailFast.breakerWaitOver(created, late)).isTrue();
        assertThat(RefusalsFailFast.breakerWaitOver(null, soon))
                .as("a job without its creation time is not re-run without end")
                .isTrue();
    }
}
