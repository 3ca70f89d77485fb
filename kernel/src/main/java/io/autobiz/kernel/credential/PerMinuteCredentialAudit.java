package io.autobiz.kernel.credential;

import io.autobiz.kernel.tenant.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes down the first access of each minute per store, secret, principal and action, and lets the others of that
 * minute pass: for reads that happen once per request (a webhook's signing secret, read for every delivery), where a
 * row each would make the audit trail as large as the traffic without saying more. A row then reads "this principal
 * used this secret of this store during this minute". On each node; a failure to write is not remembered, so the next
 * access tries again (and, as every audit, refuses the read until it succeeds).
 */
public final class PerMinuteCredentialAudit implements CredentialAudit {

    private record Key(TenantId tenant, String secretName, String principal, CredentialAccess.Action action) {}

    private final CredentialAudit delegate;
    private final Clock clock;
    private final Map<Key, Instant> lastWritten = new ConcurrentHashMap<>();

    public PerMinuteCredentialAudit(CredentialAudit delegate, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public void record(CredentialAccess access) {
        Key key = new Key(access.tenant(), access.secretName(), access.principal(), access.action());
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Instant previous = lastWritten.put(key, minute);
        if (minute.equals(previous)) {
            return;
        }
        try {
            delegate.record(access);
        } catch (RuntimeException e) {
            lastWritten.remove(key, minute);
            throw e;
        }
    }
}
