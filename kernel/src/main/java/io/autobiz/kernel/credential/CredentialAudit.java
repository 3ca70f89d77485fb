package io.autobiz.kernel.credential;

/** Where credential accesses are written down. A failure to audit refuses the access: no unaudited secret leaves. */
@FunctionalInterface
public interface CredentialAudit {

    void record(CredentialAccess access);
}
