package io.autobiz.kernel.tenant;

import io.autobiz.kernel.KernelApi;
import java.util.Objects;
import java.util.Optional;

/**
 * A refused attempt to reach across the boundary between stores. It names who tried, in which store's context, through
 * which channel and what: never a secret, a credential value or a payload.
 *
 * @param tenant the store in whose context the attempt was made (the actor's store)
 * @param principal who made it: {@code workflow:<key>}, {@code user:<id>}, {@code application}
 * @param channel where it was refused
 * @param attempted what was tried, in words and IDs, at most {@value #MAX_ATTEMPTED} characters
 * @param target the store that was reached for, when known
 * @param correlationId the run's correlation ID, when there is a run
 */
@KernelApi
public record SecurityIncident(
        TenantId tenant, String principal, Channel channel, String attempted, TenantId target, String correlationId) {

    public static final int MAX_ATTEMPTED = 500;

    /** Where a cross-tenant attempt was refused. */
    public enum Channel {
        /** Row-level security refused a row of another store (or a write without a store). */
        DATABASE,
        /** A tool input named an entity of another store. */
        KERNEL_INPUT,
        /** An engine resource (task, process instance) of another store was asked for through REST or Tasklist. */
        ENGINE,
        /** A credential of another store was asked for, or a stored credential did not belong where it was found. */
        CREDENTIAL,
        /** A non-administrator asked the admin API for something of a store they do not belong to. */
        ADMIN_API,
        /** A Slack user who is not one of the store's approvers acted on one of its approvals. */
        SLACK,
        /**
         * A correctly signed provider delivery named another shop, account, Printful store or Slack team than the store
         * whose endpoint it was posted to (a delivery replayed across stores that share a signing secret).
         */
        WEBHOOK
    }

    public SecurityIncident {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(channel, "channel");
        principal = principal == null || principal.isBlank() ? "unknown" : principal;
        attempted = attempted == null ? "" : attempted;
        if (attempted.length() > MAX_ATTEMPTED) {
            attempted = attempted.substring(0, MAX_ATTEMPTED);
        }
    }

    public static SecurityIncident of(TenantId tenant, String principal, Channel channel, String attempted) {
        return new SecurityIncident(tenant, principal, channel, attempted, null, null);
    }

    public SecurityIncident reaching(TenantId target) {
        return new SecurityIncident(tenant, principal, channel, attempted, target, correlationId);
    }

    public SecurityIncident inRun(String correlationId) {
        return new SecurityIncident(tenant, principal, channel, attempted, target, correlationId);
    }

    public Optional<TenantId> targetTenant() {
        return Optional.ofNullable(target);
    }

    public Optional<String> correlation() {
        return Optional.ofNullable(correlationId);
    }
}
