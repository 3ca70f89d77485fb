package io.autobiz.kernel.hitl;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;

/**
 * Who may approve for a store: the members of the store's approvers group. Implemented over the engine's identity
 * service; the kernel only asks.
 */
@KernelApi
@FunctionalInterface
public interface ApproverDirectory {

    boolean isApprover(TenantId tenant, String approversGroup, String userId);
}
