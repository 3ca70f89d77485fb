package io.autobiz.kernel.tenant;

import io.autobiz.kernel.KernelApi;

/** The database refused or failed tenant-scoped work. The message never contains row data. */
@KernelApi
public class TenantDataAccessException extends RuntimeException {

    public TenantDataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
