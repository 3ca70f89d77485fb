package io.autobiz.golden;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.gate.GateMetrics;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.trace.Traces;
import io.autobiz.reconciliation.core.LocalTruth;
import io.autobiz.testsupport.MutableClock;
import io.autobiz.testsupport.PostgresWebIT;
import io.autobiz.testsupport.ProviderStubs;
import io.autobiz.webhooks.EventPoller;
import io.autobiz.workflows.CloseoutWorkflows;
import io.autobiz.workflows.FulfilmentWorkflows;
import io.autobiz.workflows.OrderCancelWorkflows;
import io.autobiz.workflows.PaymentFailureWorkflows;
import io.autobiz.workflows.RefundWorkflows;
import io.autobiz.workflows.WismoWorkflows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as the golden classes run it (docs/golden-suite.md): PostgreSQL with row-level security, Redis,
 * webhook ingress over HTTP, the event processor, the engine and the kernel, with the providers on WireMock, the LLM
 * on recorded cassettes, one clock moved by the cases, and a second store ("nightly") that only WF07's cases touch.
 *
 * <p>Its subclasses: {@code GoldenSuiteIT} (every case, then the gate), {@code GoldenGateIT} (the gate blocking and
 * passing on real runs), {@code PersonalDataStaysOutIT} (INV-04 negatives). The providers' server is one per JVM and
 * each class gets its own context ({@link PostgresWebIT}).
 */
@Import(GoldenApplication.SuiteClock.class)
abstract class GoldenApplication extends PostgresWebIT {

    /** The providers of every golden class in this JVM (one server: the contexts' properties point at it). */
    static final WireMockServer PROVIDERS = ProviderStubs.start();

    static final MutableClock CLOCK = new MutableClock(Instant.now());
    /** Order numbers of the suite's own, far from the other ITs' (they share the database). */
    static final AtomicLong ORDERS = new AtomicLong(7_000_000L + (System.currentTimeMillis() % 1_000_000L) * 100);

    @DynamicPropertySource
    static void providersAndSecrets(DynamicPropertyRegistry registry) {
        ProviderStubs.properties(PROVIDERS).forEach((key, value) -> registry.add(key, () -> value));
        String base = "http://127.0.0.1:" + PROVIDERS.port();
        registry.add("autobiz.slack.methods-url", () -> base + "/slack/api/");
        // Approvals and escalations are also posted to the store's Slack channel (test-only bot token).
        registry.add("autobiz.approvals.slack.acme.channel", () -> "C0GOLDEN");
        registry.add("autobiz.tenants.acme.secrets[slack.bot_token]", () -> "xoxb-it-fake-golden-token");
        registry.add("autobiz.llm.base-url", () -> base + "/llm/primary/v1");
        registry.add("autobiz.llm.model", () -> "gpt-4o-mini");
        registry.add("autobiz.llm.timeout", () -> "PT2S");
        registry.add("autobiz.llm.fallback-base-url", () -> base + "/llm/fallback/v1");
        registry.add("autobiz.llm.fallback-model", () -> "llama-3.1-8b-instruct");
        registry.add("autobiz.llm.fallback-timeout", () -> "PT5S");
        registry.add("autobiz.webhooks.processor.enabled", () -> "false");
        registry.add("autobiz.reconciliation.enabled", () -> "false");
        registry.add("autobiz.tenants.acme.secrets[shopify.webhook_secret]", () -> GoldenRunner.SHOPIFY_SECRET);
        nightlyStore(registry);
    }

    /**
     * WF07's store: the closeout reconciles everything its store ever did, so its cases need a store that no other case
     * or IT touches. Its BusinessConfig is {@code golden/business-config/nightly.yml}; its secrets are fake test values.
     */
    private static void nightlyStore(DynamicPropertyRegistry registry) {
        // A candidate (docs/golden-suite.md, "Run it for a candidate"): its configs are found first, its diagrams are
        // the
        // ones deployed. The evidence names what actually ran either way (DeployedArtifacts).
        String candidateConfig = System.getProperty("golden.config");
        String candidateFirst = candidateConfig == null || candidateConfig.isBlank()
                ? ""
                : candidateDirectory(candidateConfig).toUri() + ",";
        registry.add(
                "autobiz.business-config.locations",
                () -> candidateFirst + "classpath*:business-config/,classpath*:golden/business-config/");
        String candidateProcesses = System.getProperty("golden.processes");
        if (candidateProcesses != null && !candidateProcesses.isBlank()) {
            registry.add(
                    "camunda.bpm.deployment-resource-pattern",
                    () -> candidateDirectory(candidateProcesses).toUri() + "*.bpmn,classpath*:forms/*.form");
        }
        String store = "autobiz.tenants." + GoldenRunner.CLOSEOUT_STORE + ".";
        registry.add(store + "display-name", () -> "Nightly Golden Test Store");
        registry.add(store + "shopify-shop", () -> GoldenRunner.CLOSEOUT_STORE + "-test.myshopify.com");
        registry.add(store + "printful-store-id", () -> "4646");
        registry.add(store + "printful-catalog.TSHIRT-BLK-M", () -> "4017");
        registry.add(store + "mail-from", () -> "orders@example.com");
        for (String template : List.of(
                "order-confirmation",
                "order-shipped",
                "refund-issued",
                "payment-failed",
                "order-cancelled",
                "approval-timed-out",
                "wismo-reply")) {
            registry.add(store + "mail-templates." + template, () -> "d-test-" + template);
        }
        registry.add(store + "secrets[stripe.api_key]", () -> "sk_test_it_fake_key_for_wiremock");
        registry.add(store + "secrets[shopify.access_token]", () -> "shpat_it_fake_token_for_wiremock");
        registry.add(store + "secrets[shopify.webhook_secret]", () -> GoldenRunner.SHOPIFY_SECRET);
        registry.add(store + "secrets[printful.token]", () -> "it-fake-printful-token");
        registry.add(store + "secrets[printful.webhook_secret]", () -> GoldenRunner.PRINTFUL_SECRET);
        registry.add(store + "secrets[sendgrid.api_key]", () -> "SG.it-fake-sendgrid-key");
        registry.add(store + "secrets[slack.bot_token]", () -> "xoxb-it-fake-golden-token");
        registry.add("autobiz.approvals.slack." + GoldenRunner.CLOSEOUT_STORE + ".channel", () -> "C0NIGHTLY");
    }

    /** A candidate's folder: absolute, or relative to the repository's root. */
    private static Path candidateDirectory(String given) {
        Path directory = repositoryRoot().resolve(given).toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("golden candidate folder " + directory + " does not exist");
        }
        return directory;
    }

    @TestConfiguration
    static class SuiteClock {
        @Bean
        @Primary
        Clock goldenClock() {
            return CLOCK;
        }
    }

    static {
        // Shared by the golden classes of one JVM, so not stopped after a class: stopped when the JVM ends.
        Runtime.getRuntime().addShutdownHook(new Thread(PROVIDERS::stop));
    }

    @Autowired
    ProcessEngine engine;

    @Autowired
    EventPoller poller;

    @Autowired
    Approvals approvals;

    @Autowired
    JdbcReceipts receipts;

    @Autowired
    Traces traces;

    @Autowired
    RefundWorkflows refunds;

    @Autowired
    OrderCancelWorkflows cancels;

    @Autowired
    PaymentFailureWorkflows paymentFailures;

    @Autowired
    WismoWorkflows wismo;

    @Autowired
    FulfilmentWorkflows fulfilments;

    @Autowired
    CloseoutWorkflows closeouts;

    @Autowired
    LocalTruth localTruth;

    @Autowired
    GateMetrics gateMetrics;

    /** A runner against this context's application, the providers on WireMock. */
    GoldenRunner runner() {
        return new GoldenRunner(
                engine,
                new WireMockProviders(PROVIDERS),
                poller,
                new GoldenRunner.MovableClock() {
                    @Override
                    public Instant instant() {
                        return CLOCK.instant();
                    }

                    @Override
                    public void advance(Duration by) {
                        CLOCK.advance(by);
                    }
                },
                approvals,
                receipts,
                traces,
                new GoldenRunner.Services(refunds, cancels, paymentFailures, wismo, fulfilments, closeouts, localTruth),
                port);
    }

    static boolean isP1(GoldenCase golden) {
        return GoldenCases.isP1(golden);
    }

    static List<GoldenCase> cases() {
        return GoldenCases.all();
    }

    /** {@code src/target/golden}: beside {@code test-classes}, wherever the build puts it. */
    static Path outputDirectory() {
        return testClasses().getParent().resolve("golden");
    }

    static Path repositoryRoot() {
        return testClasses().getParent().getParent().getParent();
    }

    private static Path testClasses() {
        try {
            return Path.of(GoldenApplication.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
