package io.autobiz.delegates;

import io.autobiz.kernel.KernelError;

/**
 * A tool call that failed in a way that may pass: the engine rolls the step back, retries the job on its retry
 * cycle and raises an incident when retries run out, where an operator sees the error code and can retry.
 */
public final class ToolCallFailedException extends RuntimeException {

    private final KernelError error;

    public ToolCallFailedException(KernelError error) {
        super(error.getMessage(), error);
        this.error = error;
    }

    public KernelError error() {
        return error;
    }
}
