package io.autobiz.kernel;

import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;

/**
 * Who is asking, for which store, in which run. A run is one workflow instance; its correlation ID comes from the
 * run's origin (a webhook, a REST call, a timer) and follows every tool call and provider request it makes.
 *
 * @param tenant the store the run belongs to; every row and credential the call touches is this tenant's
 * @param runId the run's identity (the process instance ID for workflows)
 * @param correlationId carried from the origin through every step, tool call and provider request
 * @param principal the role the call is made under, e.g. {@code workflow:order-fulfill} or a user ID
 * @param workflow the workflow's key, e.g. {@code order-fulfill}, or {@code adhoc}
 */
@KernelApi
public record RunContext(TenantId tenant, String runId, String correlationId, String principal, String workflow) {

    public RunContext {
        Objects.requireNonNull(tenant, "tenant");
        requireText(runId, "runId");
        requireText(correlationId, "correlationId");
        requireText(principal, "principal");
        requireText(workflow, "workflow");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
