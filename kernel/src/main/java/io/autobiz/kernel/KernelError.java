package io.autobiz.kernel;

import java.util.Map;
import java.util.Objects;

/**
 * The one error type of the kernel: a code operators can search for, a message a person can read, details a
 * program can act on, and whether trying again later can succeed. Adapters turn a retryable error into a retry and
 * any other into a modelled failure path; never into a silent success.
 */
@KernelApi
public final class KernelError extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, Object> details;
    private final boolean retryable;

    private KernelError(
            ErrorCode code, String message, Map<String, Object> details, boolean retryable, Throwable cause) {
        super(qualified(code, details) + ": " + message, cause);
        this.code = Objects.requireNonNull(code);
        this.details = Map.copyOf(details);
        this.retryable = retryable;
    }

    public static KernelError of(ErrorCode code, String message) {
        return new KernelError(code, message, Map.of(), code.retryableByDefault(), null);
    }

    public static KernelError of(ErrorCode code, String message, Map<String, Object> details) {
        return new KernelError(code, message, details, code.retryableByDefault(), null);
    }

    public static KernelError of(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
        return new KernelError(code, message, details, code.retryableByDefault(), cause);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public boolean retryable() {
        return retryable;
    }

    /**
     * The code as operators search for it: {@code BOUND_EXCEEDED:max_steps} names the exact bound, other codes stand
     * alone.
     */
    public String qualifiedCode() {
        return qualified(code, details);
    }

    private static String qualified(ErrorCode code, Map<String, Object> details) {
        Object bound = details.get("bound");
        return code == ErrorCode.BOUND_EXCEEDED && bound != null ? code + ":" + bound : code.name();
    }
}
