package io.autobiz.kernel;

/**
 * Why the kernel refused or failed a tool call. The names are the seed's words; operators search logs and
 * dashboards for them, so they never change once published.
 */
@KernelApi
public enum ErrorCode {
    /** No tool is registered under that name and version. */
    TOOL_UNKNOWN(false),
    /** The input does not validate against the tool's registered schema (INV-01). */
    SCHEMA_INVALID(false),
    /** No scope granted to this tenant and principal covers the call (INV-02). */
    PERMISSION_DENIED(false),
    /** The run hit one of its bounds (INV-03); the detail names which one. */
    BOUND_EXCEEDED(false),
    /** The run repeats itself (same call, or same sequence of calls). */
    LOOP_DETECTED(false),
    /** A FINANCIAL call has no approval bound to exactly these arguments (INV-07). */
    APPROVAL_REQUIRED(false),
    /** The same idempotency key was used with different arguments (INV-05). */
    IDEMPOTENCY_CONFLICT(false),
    /** An identical call is executing right now; try again shortly. */
    IDEMPOTENCY_IN_PROGRESS(true),
    /** The dependency's circuit breaker is open. */
    DEPENDENCY_UNAVAILABLE(true),
    /** The tool did not answer within its timeout; the call was aborted and its result discarded. */
    TOOL_TIMEOUT(true),
    /** The provider failed in a way that may pass (5xx, throttling, network). */
    PROVIDER_UNAVAILABLE(true),
    /** The provider refused the request (4xx); repeating it will not help. */
    PROVIDER_REJECTED(false),
    /** The tool answered with output that does not validate against its output schema. */
    OUTPUT_INVALID(false),
    /** The tenant has no credential configured for the provider the tool needs. */
    CREDENTIAL_MISSING(false),
    /** An input, credential or task of another tenant was presented (INV-06). */
    CROSS_TENANT(false),
    /** A versioned state write lost a race with another write to the same entity; retry from the new version. */
    STATE_CONFLICT(true),
    /** The kernel itself could not complete the call (a bug or an unreachable database). */
    KERNEL_FAILURE(true);

    private final boolean retryableByDefault;

    ErrorCode(boolean retryableByDefault) {
        this.retryableByDefault = retryableByDefault;
    }

    public boolean retryableByDefault() {
        return retryableByDefault;
    }
}
