package io.autobiz.credentials;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code autobiz.credentials.*}.
 *
 * @param source where tools' credentials come from: {@code database} (encrypted, rotatable through the admin API) or
 *     {@code environment} ({@code AUTOBIZ_SECRET__<STORE>__<DEPENDENCY>__<KEY>}, rotated where they are set)
 * @param cacheTtl how long a looked-up secret is kept in memory; {@code PT0S} turns the cache off
 * @param importConfigured whether {@code autobiz.tenants.<id>.secrets} are imported into the encrypted table at start-up
 *     when it has no secret by that name (it never overwrites one)
 * @param ageRefresh how often the {@code credential_rotation_oldest_age_days} gauge re-reads the secrets' rotation times
 */
@ConfigurationProperties("autobiz.credentials")
public record CredentialProperties(
        @DefaultValue("database") Source source,
        @DefaultValue("PT60S") Duration cacheTtl,
        @DefaultValue("true") boolean importConfigured,
        @DefaultValue("PT10M") Duration ageRefresh) {

    /** Where credentials are read from. */
    public enum Source {
        DATABASE,
        ENVIRONMENT
    }
}
