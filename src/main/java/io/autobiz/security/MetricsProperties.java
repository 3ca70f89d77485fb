package io.autobiz.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code autobiz.metrics.*}: the one login that may read the actuator's endpoints other than health (HTTP Basic), e.g.
 * Prometheus scraping {@code /actuator/prometheus}. Without a password nobody may.
 *
 * @param scrapeUser the scraper's user name ({@code AUTOBIZ_METRICS_SCRAPE_USER}, default {@code prometheus})
 * @param scrapePassword its password ({@code AUTOBIZ_METRICS_SCRAPE_PASSWORD}); no default outside the quick start
 */
@ConfigurationProperties("autobiz.metrics")
public record MetricsProperties(String scrapeUser, String scrapePassword) {

    public MetricsProperties {
        scrapeUser = scrapeUser == null || scrapeUser.isBlank() ? "prometheus" : scrapeUser;
    }

    boolean scrapeConfigured() {
        return scrapePassword != null && !scrapePassword.isBlank();
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "MetricsProperties[scrapeUser=" + scrapeUser + ", password " + (scrapeConfigured() ? "set" : "not set")
                + "]";
    }
}
