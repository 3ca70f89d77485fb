package io.autobiz.kernel.credential;

import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;

/** Hands out credentials bound to one tenant and one dependency (P1-TASK-05). */
public final class CredentialScoper {

    private final SecretSource source;

    public CredentialScoper(SecretSource source) {
        this.source = Objects.requireNonNull(source);
    }

    public ScopedCredentials scopeFor(TenantId tenant, String dependency) {
        return new ScopedCredentials(tenant, dependency, source);
    }
}
