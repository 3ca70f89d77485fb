package io.autobiz.kernel.credential;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;

/**
 * One audited touch of a secret: who, which store, which secret, what happened. Never the value.
 *
 * @param tenant the store whose secret it is
 * @param secretName {@code <dependency>.<key>}
 * @param principal who asked: {@code workflow:<key>}, {@code webhook:<provider>}, an administrator's user ID
 * @param action what happened
 */
@KernelApi
public record CredentialAccess(TenantId tenant, String secretName, String principal, Action action) {

    /** What happened to the secret. */
    public enum Action {
        /** The value was handed to the principal. */
        READ,
        /** The principal asked for a secret the store does not have. */
        MISSING,
        /** The stored value could not be opened for this store and name: refused as a cross-tenant attempt. */
        REFUSED,
        /** A new value was stored (created or replaced) through the admin API. */
        ROTATED,
        /** A value from the application's configuration was stored because the store had none. */
        IMPORTED,
        /** The value was sealed again under the current master key; the value itself did not change. */
        RE_ENCRYPTED
    }

    public CredentialAccess {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(secretName, "secretName");
        Objects.requireNonNull(action, "action");
        principal = principal == null || principal.isBlank() ? "unknown" : principal;
    }
}
