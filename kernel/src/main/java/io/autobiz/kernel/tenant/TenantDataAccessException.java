package io.autobiz.kernel.tenant;

/** The database refused or failed tenant-scoped work. The message never contains row data. */
public class TenantDataAccessException extends RuntimeException {

    public TenantDataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
