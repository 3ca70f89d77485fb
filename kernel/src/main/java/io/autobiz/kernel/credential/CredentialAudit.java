package io.autobiz.kernel.credential;

import io.autobiz.kernel.KernelApi;

/** Where credential accesses are written down. A failure to audit refuses the access: no unaudited secret leaves. */
@KernelApi
@FunctionalInterface
public interface CredentialAudit {

    void record(CredentialAccess access);
}
