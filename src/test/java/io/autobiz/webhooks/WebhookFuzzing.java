package io.autobiz.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.autobiz.inbox.Events;
import io.autobiz.inbox.JdbcEvents;
import io.autobiz.kernel.credential.CredentialAccess;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.tenancy.TenantDirectory;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.tenancy.TenantSettings;
import io.autobiz.testsupport.TestSigners;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What the webhook fuzz tests share: a fixed "now", the test store's secrets, signing as each provider signs, and the
 * real {@link WebhookServlet} over a real {@link Events} on an in-memory H2 database (the quick start's
 * migrations), with a recording credential audit and Slack handler. Built once per JVM: fuzzing runs the target
 * thousands of times a second.
 */
final class WebhookFuzzing {

    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final String TENANT = "fuzz-store";
    static final String SHOP_DOMAIN = "fuzz-store.myshopify.com";
    static final String PRINTFUL_STORE = "4242";
    /** Small, so the fuzzer reaches the 413 refusal too. */
    static final int MAX_BODY_BYTES = 4096;

    static final String STRIPE_SECRET = "whsec_fuzz_test";
    static final String SHOPIFY_SECRET = "shpss_fuzz_test";
    static final String PRINTFUL_SECRET = "pf_fuzz_test";
    static final String SLACK_SECRET = "slack_fuzz_test";
    static final KeyPair SENDGRID_KEYS = ecKeys();
    static final String SENDGRID_PUBLIC_KEY =
            Base64.getEncoder().encodeToString(SENDGRID_KEYS.getPublic().getEncoded());

    /** The refusals a verifier may answer a delivery with; anything else it throws would be a 500. */
    static final Set<String> SIGNATURE_REFUSALS = Set.of("missing_signature", "bad_signature", "stale_timestamp");

    private static WebhookFuzzing shared;

    private final JdbcDataSource database;
    private final List<CredentialAccess> audits = new ArrayList<>();
    private final List<SecurityIncident> incidents = new ArrayList<>();
    private final List<String> slackHandOffs = new ArrayList<>();
    private final WebhookServlet servlet;

    private WebhookFuzzing() {
        String url = "jdbc:h2:mem:webhook-fuzz-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("sa");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Map<String, String> secrets = Map.of(
                "stripe.webhook_secret", STRIPE_SECRET,
                "shopify.webhook_secret", SHOPIFY_SECRET,
                "printful.webhook_secret", PRINTFUL_SECRET,
                "sendgrid.webhook_public_key", SENDGRID_PUBLIC_KEY,
                "slack.signing_secret", SLACK_SECRET);
        // Reads to check a proof go to the same recorder as other reads: a delivery may leave at most one, and only
        // once
        // its signature held.
        CredentialScoper credentials = new CredentialScoper(
                (tenant, name) ->
                        tenant.value().equals(TENANT) ? Optional.ofNullable(secrets.get(name)) : Optional.empty(),
                audits::add,
                audits::add,
                incidents::add);
        TenantProperties stores = new TenantProperties(Map.of(
                TENANT,
                new TenantSettings("Fuzz store", SHOP_DOMAIN, PRINTFUL_STORE, null, null, null, null, null, null)));
        // A limit the fuzzer never spends: the targets look at what a delivery is answered, not at how often.
        WebhookProperties properties = new WebhookProperties(
                MAX_BODY_BYTES,
                TOLERANCE,
                Duration.ofSeconds(60),
                new WebhookProperties.Processor(false, Duration.ofSeconds(1), 5),
                new WebhookProperties.Refusals(Integer.MAX_VALUE, Duration.ofMinutes(1), 16));
        SlackInteractionHandler slack = (tenant, eventId, payload) -> {
            slackHandOffs.add(eventId);
            return new SlackInteractionHandler.SlackReply(200, Map.of("text", "ok"));
        };
        // The poller is never started, so waking it does nothing and it needs no processor.
        EventPoller poller = new EventPoller(null, stores, properties.processor());
        servlet = new WebhookServlet(
                new TenantDirectory(stores),
                credentials,
                new JdbcEvents(new TenantJdbc(database), clock),
                slack,
                poller,
                incidents::add,
                new RefusalLimiter(properties.refusals()),
                properties,
                new SimpleMeterRegistry(),
                clock);
    }

    static synchronized WebhookFuzzing shared() {
        if (shared == null) {
            shared = new WebhookFuzzing();
        }
        return shared;
    }

    /** What one delivery did: the answer, and what it left behind in the store, the audit and the Slack handler. */
    record Outcome(
            int status,
            Map<String, Object> body,
            int rowsStored,
            List<CredentialAccess> audits,
            List<SecurityIncident> incidents,
            int handOffs) {

        boolean accepted() {
            return status == 200;
        }
    }

    /**
     * Posts the delivery to the servlet as Tomcat would: a {@link WebhookRejected} becomes its typed answer through the
     * servlet's own handler; any other exception escapes and fails the fuzz test (it would be a 500).
     */
    synchronized Outcome deliver(String provider, Map<String, String> headers, byte[] body) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/" + provider + "/" + TENANT);
        request.setServletPath("/webhooks");
        request.setPathInfo("/" + provider + "/" + TENANT);
        headers.forEach((name, value) -> {
            if (value != null) {
                request.addHeader(name, asReceived(value));
            }
        });
        request.setContentType(provider.equals("slack") ? "application/x-www-form-urlencoded" : "application/json");
        request.setContent(body);
        int rowsBefore = rows();
        int auditsBefore = audits.size();
        int incidentsBefore = incidents.size();
        int handOffsBefore = slackHandOffs.size();
        MockHttpServletResponse response = new MockHttpServletResponse();
        servlet.doPost(request, response);
        return new Outcome(
                response.getStatus(),
                Json.mapper().readValue(response.getContentAsByteArray(), new TypeReference<Map<String, Object>>() {}),
                rows() - rowsBefore,
                List.copyOf(audits.subList(auditsBefore, audits.size())),
                List.copyOf(incidents.subList(incidentsBefore, incidents.size())),
                slackHandOffs.size() - handOffsBefore);
    }

    /**
     * The properties every delivery keeps, verified or not: a typed answer (2xx or 4xx, never 5xx), nothing left behind
     * by a refusal, and no credential read but the one secret the signature is checked with.
     */
    static void assertTypedAndClean(Outcome outcome, String provider, String secretName) {
        assertThat(outcome.status()).as("answer to a %s delivery", provider).isIn(200, 400, 401, 403, 413);
        if (outcome.status() == 403) {
            assertThat(outcome.body()).containsEntry("error", "wrong_store");
            assertThat(outcome.incidents())
                    .as("security incidents of a delivery for another store")
                    .hasSize(1);
        } else {
            assertThat(outcome.incidents()).as("security incidents").isEmpty();
        }
        if (!outcome.accepted()) {
            assertThat(outcome.body()).containsKey("error");
            assertThat(outcome.rowsStored())
                    .as("rows left by a refused delivery")
                    .isZero();
            assertThat(outcome.handOffs())
                    .as("Slack hand-offs of a refused delivery")
                    .isZero();
        }
        assertThat(outcome.audits()).hasSizeLessThanOrEqualTo(1);
        outcome.audits().forEach(access -> {
            assertThat(access.tenant()).isEqualTo(TenantId.of(TENANT));
            assertThat(access.secretName()).isEqualTo(secretName);
            assertThat(access.principal()).isEqualTo("webhook:" + provider);
            assertThat(access.action()).isEqualTo(CredentialAccess.Action.READ);
        });
    }

    /**
     * An unverified delivery (not signed with the store's secret, or signed outside the window) is refused as
     * unauthenticated, or as too large before it is read: never parsed (400), never stored, never handed to Slack.
     */
    static void assertUnverifiedRefused(Outcome outcome) {
        assertThat(outcome.status()).as("answer to an unverified delivery").isIn(401, 413);
        assertThat(outcome.rowsStored())
                .as("rows stored for an unverified delivery")
                .isZero();
        assertThat(outcome.handOffs())
                .as("Slack hand-offs of an unverified delivery")
                .isZero();
        assertThat(outcome.audits())
                .as("credential audit rows written for an unverified delivery")
                .isEmpty();
        assertThat(outcome.incidents())
                .as("security incidents raised by an unverified delivery")
                .isEmpty();
    }

    private int rows() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement count = connection.prepareStatement("select count(*) from event_store")) {
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /** A servlet container decodes header bytes as ISO-8859-1; the fuzzer's text is sent as its UTF-8 bytes. */
    private static String asReceived(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Whether a body signed this far from now is inside the window (a long, so the fuzzer reaches any timestamp). */
    static boolean fresh(long skewSeconds) {
        return skewSeconds >= -TOLERANCE.toSeconds() && skewSeconds <= TOLERANCE.toSeconds();
    }

    static String stripeHeader(long timestamp, byte[] body) {
        return TestSigners.stripe(body, STRIPE_SECRET, timestamp);
    }

    static String shopifyHeader(byte[] body) {
        return TestSigners.shopify(body, SHOPIFY_SECRET);
    }

    static String printfulHeader(byte[] body) {
        return TestSigners.printful(body, PRINTFUL_SECRET);
    }

    static String slackHeader(long timestamp, byte[] body) {
        return TestSigners.slack(body, SLACK_SECRET, timestamp);
    }

    static String sendgridHeader(long timestamp, byte[] body) {
        return TestSigners.sendgrid(body, SENDGRID_KEYS.getPrivate(), timestamp);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
