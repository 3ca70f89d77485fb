package io.autobiz.kernel.credential;

import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;

/**
 * What may be shown about a stored secret: everything but its value.
 *
 * @param version 1 when first stored, one more at each rotation
 * @param keyId the master key the value is sealed with
 * @param rotatedAt when the current value was stored
 * @param rotatedBy who stored it (an administrator, or {@code config-import})
 */
@KernelApi
public record SecretMetadata(
        TenantId tenant, String name, int version, String keyId, Instant rotatedAt, String rotatedBy) {

    /** Days since the current value was stored, with fractions: the {@code credential_rotation_oldest_age_days} gauge. */
    public double ageDays(Instant now) {
        return Math.max(0, Duration.between(rotatedAt, now).toSeconds()) / 86_400.0;
    }
}
