package io.autobiz.delegates;

import io.autobiz.kernel.ErrorCode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

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

    private static final Pattern UNHANDLED_ERROR = Pattern.compile("ENGINE-02042 .*errorCode '([A-Z_]+)'");

    @Override
    public Command<Object> getCommand(String jobId, Throwable exception) {
        if (nonRetryableRefusal(exception).isPresent()) {
            return new NoRetries(jobId, exception);
        }
        return new DefaultJobRetryCmd(jobId, exception);
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
