package io.autobiz.delegates;

import io.autobiz.kernel.ErrorCode;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrying a call the kernel refused for good (invalid input, no permission, a bound) cannot help, so such a job goes
 * straight to an incident with the refusal's code, where an operator sees it; every other failure keeps the task's
 * retry cycle.
 *
 * <p>The delegates report a refusal the diagram has no path for as {@link DiagramErrors.UncaughtErrorException}. A BPMN
 * error thrown uncaught by anything else (a script, a listener) still reaches the job as the engine's ENGINE-02042
 * exception, which names the error code but does not carry the original exception; the code is read from it.
 */
public final class RefusalsFailFast implements FailedJobCommandFactory {

    private static final Logger log = LoggerFactory.getLogger(RefusalsFailFast.class);

    /**
     * When a job whose call the open circuit breaker refused runs again: after the breaker's wait in OPEN (30 s by
     * default), when it lets probes through, plus as much again so that the probes can close it first.
     */
    public static final Duration AFTER_BREAKER_REFUSAL = Duration.ofMinutes(1);

    /**
     * How long after its creation a job's breaker refusals are re-run without using up retries; after that each counts
     * as an ordinary retry, so a dependency that stays down ends the job in an incident a person sees (after the
     * task's retry cycle) instead of re-running it without end.
     */
    public static final Duration MAX_BREAKER_WAIT = Duration.ofMinutes(15);

    private static final Pattern UNHANDLED_ERROR = Pattern.compile("ENGINE-02042 .*errorCode '([A-Z_]+)'");

    @Override
    public Command<Object> getCommand(String jobId, Throwable exception) {
        if (nonRetryableRefusal(exception).isPresent()) {
            return new NoRetries(jobId, exception);
        }
        if (callNotMade(exception)) {
            return new RetryWithoutCountingIt(jobId, exception);
        }
        return new DefaultJobRetryCmd(jobId, exception);
    }

    /**
     * True if the job failed because the kernel did not make its call at all: the dependency's circuit breaker was open
     * ({@code DEPENDENCY_UNAVAILABLE}). Such a failure says nothing about this call, only that others failed lately, so
     * it does not use up one of the task's retries: otherwise a storm of other calls' faults that keeps the breaker open
     * for a minute or two eats a task's whole retry cycle (R3/PT1M) with fast refusals and leaves an incident although
     * the task's own call never failed. The job runs again after {@link #AFTER_BREAKER_REFUSAL}, for as long as the
     * breaker stays open (which {@code circuit_breaker_state} shows), up to {@link #MAX_BREAKER_WAIT} after the job
     * was created; later refusals use up retries like any failure.
     */
    static boolean callNotMade(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ToolCallFailedException failed) {
                return failed.error().code() == ErrorCode.DEPENDENCY_UNAVAILABLE;
            }
        }
        return false;
    }

    /** Whether a job created at {@code created} has waited out its breaker refusals at {@code now}. */
    static boolean breakerWaitOver(Date created, Date now) {
        return created == null || now.getTime() - created.getTime() > MAX_BREAKER_WAIT.toMillis();
    }

    /** The code of a refusal that retrying cannot fix, if that is what failed the job. */
    static Optional<String> nonRetryableRefusal(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof DiagramErrors.UncaughtErrorException uncaught) {
                return uncaught.retryable() ? Optional.empty() : Optional.of(uncaught.code());
            }
            String message = cause.getMessage();
            if (message == null) {
                continue;
            }
            Matcher matcher = UNHANDLED_ERROR.matcher(message);
            if (matcher.find()) {
                try {
                    ErrorCode code = ErrorCode.valueOf(matcher.group(1));
                    return code.retryableByDefault() ? Optional.empty() : Optional.of(code.name());
                } catch (IllegalArgumentException notOurs) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Unlocks the job and sets it due again after {@link #AFTER_BREAKER_REFUSAL}, its retries and its retry cycle
     * untouched. The failure is not written on the job (that would make the engine treat the next real failure as no
     * longer the first, and start its retry cycle wrong); it is logged here and counted by the kernel
     * ({@code kernel_refusal_total{code="DEPENDENCY_UNAVAILABLE"}}).
     */
    private static final class RetryWithoutCountingIt extends DefaultJobRetryCmd {

        RetryWithoutCountingIt(String jobId, Throwable exception) {
            super(jobId, exception);
        }

        @Override
        public Object execute(CommandContext commandContext) {
            JobEntity job = getJob();
            if (job != null && breakerWaitOver(job.getCreateTime(), ClockUtil.getCurrentTime())) {
                log.info(
                        "job {} ({}) refused by an open circuit breaker for more than {}: the refusal counts as a"
                                + " retry",
                        job.getId(),
                        job.getActivityId(),
                        MAX_BREAKER_WAIT);
                return super.execute(commandContext);
            }
            if (job != null) {
                job.unlock();
                job.setDuedate(new Date(ClockUtil.getCurrentTime().getTime() + AFTER_BREAKER_REFUSAL.toMillis()));
                log.info(
                        "job {} ({}) not run: its dependency's circuit breaker is open; due again at {}, retries"
                                + " left {}",
                        job.getId(),
                        job.getActivityId(),
                        job.getDuedate().toInstant(),
                        job.getRetries());
                notifyAcquisition(commandContext);
            }
            return null;
        }
    }

    /** Records the failure and sets the job's retries to zero, which raises the incident. */
    private static final class NoRetries extends DefaultJobRetryCmd {

        NoRetries(String jobId, Throwable exception) {
            super(jobId, exception);
        }

        @Override
        public Object execute(CommandContext commandContext) {
            JobEntity job = getJob();
            if (job != null) {
                job.unlock();
                logException(job);
                job.setRetries(0);
                notifyAcquisition(commandContext);
            }
            return null;
        }
    }
}
