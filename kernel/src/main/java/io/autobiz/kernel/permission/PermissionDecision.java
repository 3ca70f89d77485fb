package io.autobiz.kernel.permission;

/**
 * One permission decision, as it is logged and traced.
 *
 * @param action the tool's scope, e.g. {@code payments:capture}
 * @param reason why, for people: which grant allowed it, or what was missing
 */
public record PermissionDecision(
        String tenant, String principal, String tool, String action, boolean allowed, String reason) {}
