package io.autobiz.kernel.permission;

import io.autobiz.kernel.KernelApi;

/**
 * One permission decision, as it is logged and traced.
 *
 * @param action the tool's scope, e.g. {@code payments:capture}
 * @param reason why, for people: which grant allowed it, or what was missing
 */
@KernelApi
public record PermissionDecision(
        String tenant, String principal, String tool, String action, boolean allowed, String reason) {}
