package io.autobiz.kernel.tenant;

/**
 * Row-level security refused a row: the work tried to write a row of another store, or to write with no store set.
 * Recorded as a security incident before it is thrown. The message names the store, never row data.
 */
public final class CrossTenantAccessException extends TenantDataAccessException {

    public CrossTenantAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
