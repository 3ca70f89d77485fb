package io.autobiz.kernel.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.credential.ScopedCredentials;
import io.autobiz.kernel.tenant.TenantId;
import java.time.Duration;
import java.util.Optional;

/**
 * One call as a tool sees it: validated input and the context it must pass on to the provider.
 *
 * @param tenant whose credentials to use; a tool never uses another tenant's
 * @param input the input, already valid against the contract
 * @param correlationId to send to the provider as a header where the provider accepts one
 * @param externalIdempotencyKey the key to send with every write ({@code autobiz:...}); empty for READ tools
 * @param timeout how long the call may take; tools set their HTTP timeouts from it
 * @param credentials the run's tenant's credentials for this tool's provider, and nothing else
 * @param usage where the tool reports tokens and provider calls as it makes them
 */
@KernelApi
public record ToolInvocation(
        TenantId tenant,
        ObjectNode input,
        String correlationId,
        Optional<String> externalIdempotencyKey,
        Duration timeout,
        ScopedCredentials credentials,
        ToolUsage usage) {}
