package io.autobiz.kernel.credential;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant's credentials for one provider, handed to one principal. There is no way to name another tenant or
 * provider through it. Every lookup is audited (who, which store, which secret, found or not), never the value; its
 * {@link #toString()} names the scope, never a value.
 */
@KernelApi
public final class ScopedCredentials {

    private final TenantId tenant;
    private final String dependency;
    private final String principal;
    private final SecretSource source;
    private final CredentialAudit audit;
    private final CredentialAudit proofAudit;
    private final SecurityIncidents incidents;

    ScopedCredentials(
            TenantId tenant,
            String dependency,
            String principal,
            SecretSource source,
            CredentialAudit audit,
            CredentialAudit proofAudit,
            SecurityIncidents incidents) {
        this.tenant = tenant;
        this.dependency = dependency;
        this.principal = principal;
        this.source = source;
        this.audit = audit;
        this.proofAudit = proofAudit;
        this.incidents = incidents;
    }

    public TenantId tenant() {
        return tenant;
    }

    /** The secret {@code <dependency>.<key>} of this tenant; a missing one refuses the call with a clear reason. */
    public String require(String key) {
        return find(key)
                .orElseThrow(() -> KernelError.of(
                        ErrorCode.CREDENTIAL_MISSING,
                        "tenant " + tenant + " has no credential '" + dependency + "." + key + "' configured",
                        Map.of("tenant", tenant.value(), "credential", dependency + "." + key)));
    }

    public Optional<String> find(String key) {
        Optional<String> value = read(key);
        audited(
                audit,
                SecretName.of(dependency, key),
                value.isPresent() ? CredentialAccess.Action.READ : CredentialAccess.Action.MISSING);
        return value;
    }

    /**
     * The secret {@code <dependency>.<key>}, read to check the proof a request carries (a webhook's signature) before
     * anything is known about who sent it. Nothing is written down yet, found or not: anyone can send requests, and
     * a row per request would let anonymous callers grow the audit trail without bound. Call {@link #proofHeld} once
     * the proof held; a refused request leaves no row. A stored value that does not belong to this store is still
     * refused and recorded at once, as by {@link #find}: that is the store's data speaking, not the request.
     */
    public Optional<String> findToCheckProof(String key) {
        return read(key);
    }

    /** Writes down the read of {@link #findToCheckProof} after the request's proof held (through the proof audit). */
    public void proofHeld(String key) {
        audited(proofAudit, SecretName.of(dependency, key), CredentialAccess.Action.READ);
    }

    private Optional<String> read(String key) {
        String name = SecretName.of(dependency, key);
        Optional<String> value;
        try {
            value = source.find(tenant, name).filter(found -> !found.isBlank());
        } catch (CredentialRefusedException foreign) {
            audited(audit, name, CredentialAccess.Action.REFUSED);
            incidents.record(SecurityIncident.of(
                    tenant,
                    principal,
                    SecurityIncident.Channel.CREDENTIAL,
                    "read " + name + ": the stored value does not belong to this store and name"
                            + " (copied from another store or altered)"));
            throw KernelError.of(
                    ErrorCode.CROSS_TENANT,
                    "the stored credential '" + name + "' of tenant " + tenant + " does not belong to it; refused",
                    Map.of("tenant", tenant.value(), "credential", name));
        }
        return value;
    }

    /** Fails closed: a secret whose access cannot be written down is not handed out. */
    private void audited(CredentialAudit to, String name, CredentialAccess.Action action) {
        try {
            to.record(new CredentialAccess(tenant, name, principal, action));
        } catch (RuntimeException e) {
            throw KernelError.of(
                    ErrorCode.KERNEL_FAILURE,
                    "the access to credential '" + name + "' of tenant " + tenant + " could not be audited; refused",
                    Map.of("tenant", tenant.value(), "credential", name),
                    e);
        }
    }

    @Override
    public String toString() {
        return "ScopedCredentials[" + tenant + ", " + dependency + ", " + principal + "]";
    }
}
