package io.autobiz.kernel.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.KernelApi;

/**
 * A side effect behind a contract. Implementations talk to one provider and nothing else; the kernel has already
 * checked the input, the caller's permission and the run's bounds when {@link #invoke} is called, and checks the
 * output after.
 *
 * <p>A tool reports a provider's refusal or outage by throwing {@link io.autobiz.kernel.KernelError} with
 * {@code PROVIDER_REJECTED} or {@code PROVIDER_UNAVAILABLE}; any other exception is treated as a retryable failure.
 */
@KernelApi
public interface Tool {

    ToolContract contract();

    ObjectNode invoke(ToolInvocation invocation) throws Exception;
}
