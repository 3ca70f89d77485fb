package io.autobiz.kernel.hitl;

import io.autobiz.kernel.KernelApi;

/** Where an approval request stands. Only PENDING may change, and only once. */
@KernelApi
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    DENIED,
    TIMED_OUT
}
