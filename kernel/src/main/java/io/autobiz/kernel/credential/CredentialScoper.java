package io.autobiz.kernel.credential;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.SecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import java.time.Clock;
import java.util.Objects;

/**
 * Hands out credentials bound to one tenant, one dependency and one principal (P1-TASK-05). The tenant always comes
 * from the run (or the webhook's verified path), never from a tool: a tool holds only the {@link ScopedCredentials}
 * the kernel gave it.
 */
@KernelApi
public final class CredentialScoper {

    /** The principal of accesses made by the platform itself rather than for a run. */
    public static final String SYSTEM = "system";

    private final SecretSource source;
    private final CredentialAudit audit;
    private final CredentialAudit proofAudit;
    private final SecurityIncidents incidents;

    /** Reads to check a request's proof are audited like every other read, one record each. */
    public CredentialScoper(SecretSource source, CredentialAudit audit, SecurityIncidents incidents) {
        this(source, audit, audit, incidents);
    }

    /**
     * @param proofAudit where reads made to check a request's proof (webhook signatures) are written down once the
     *     proof held (see {@link #auditingProofsPerMinute})
     */
    public CredentialScoper(
            SecretSource source, CredentialAudit audit, CredentialAudit proofAudit, SecurityIncidents incidents) {
        this.source = Objects.requireNonNull(source);
        this.audit = Objects.requireNonNull(audit);
        this.proofAudit = Objects.requireNonNull(proofAudit);
        this.incidents = Objects.requireNonNull(incidents);
    }

    /**
     * Reads made to check a request's proof (webhook signatures) are written down once the proof held, and then once
     * per store, secret and minute, so that a flood of deliveries does not write a row each; other reads one each.
     */
    public static CredentialScoper auditingProofsPerMinute(
            SecretSource source, CredentialAudit audit, SecurityIncidents incidents, Clock clock) {
        return new CredentialScoper(source, audit, new PerMinuteCredentialAudit(audit, clock), incidents);
    }

    /** Credentials for work the platform does on its own behalf; audited as {@value #SYSTEM}. */
    public ScopedCredentials scopeFor(TenantId tenant, String dependency) {
        return scopeFor(tenant, dependency, SYSTEM);
    }

    /**
     * @param principal who will use them, for the audit trail: {@code workflow:<key>}, {@code webhook:<provider>}
     */
    public ScopedCredentials scopeFor(TenantId tenant, String dependency, String principal) {
        Objects.requireNonNull(tenant, "tenant");
        if (!SecretName.isValidDependency(dependency)) {
            throw new IllegalArgumentException("a dependency is lower-case letters and digits, got: " + dependency);
        }
        return new ScopedCredentials(tenant, dependency, principal, source, audit, proofAudit, incidents);
    }
}
