package io.autobiz.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Decides which provider request gets which fault ({@link SandboxFaultProperties}) and counts what it injected, per
 * provider and kind, for {@code GET /sandbox/faults}. The counts are this node's since it started (a soak harness
 * reads every node, and reads a node again before it stops it).
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class SandboxFaults {

    /** The providers whose endpoints take faults; the path segment after {@code /sandbox/}. */
    public static final List<String> PROVIDERS = List.of("stripe", "shopify", "printful", "sendgrid", "slack", "llm");

    /** What a request gets. */
    public enum Kind {
        SERVER_ERROR("5xx"),
        TIMEOUT("timeout"),
        TOO_MANY_REQUESTS("429"),
        LOST_WEBHOOK("lost-webhook");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final SandboxFaultProperties settings;
    private final Random random;
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, Map<Kind, AtomicLong>> counts = new ConcurrentHashMap<>();

    public SandboxFaults(SandboxFaultProperties settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    public SandboxFaultProperties settings() {
        return settings;
    }

    /** The provider of a request path, if it is a provider endpoint that takes faults. */
    public static Optional<String> providerOf(String path) {
        if (path == null || !path.startsWith("/sandbox/")) {
            return Optional.empty();
        }
        String rest = path.substring("/sandbox/".length());
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return slash > 0 && PROVIDERS.contains(first) ? Optional.of(first) : Optional.empty();
    }

    /** The fault for one request to {@code provider}'s endpoint, counted; empty for none. */
    public Optional<Kind> forRequest(String provider) {
        requests.incrementAndGet();
        if (!applies(provider)) {
            return Optional.empty();
        }
        double draw = draw();
        Kind kind = null;
        if (draw < settings.serverErrorRate()) {
            kind = Kind.SERVER_ERROR;
        } else if (draw < settings.serverErrorRate() + settings.timeoutRate()) {
            kind = Kind.TIMEOUT;
        } else if (draw < settings.serverErrorRate() + settings.timeoutRate() + settings.tooManyRequestsRate()) {
            kind = Kind.TOO_MANY_REQUESTS;
        }
        return count(provider, kind);
    }

    /** Whether a webhook the sandbox Printful is about to send is lost instead (counted). */
    public boolean loseWebhook(String provider) {
        if (!applies(provider) || settings.lostWebhookRate() <= 0) {
            return false;
        }
        return count(provider, draw() < settings.lostWebhookRate() ? Kind.LOST_WEBHOOK : null)
                .isPresent();
    }

    private boolean applies(String provider) {
        return settings.any()
                && (settings.providers().isEmpty() || settings.providers().contains(provider));
    }

    private double draw() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private Optional<Kind> count(String provider, Kind kind) {
        if (kind == null) {
            return Optional.empty();
        }
        if (settings.limit() >= 0 && injected.incrementAndGet() > settings.limit()) {
            return Optional.empty();
        }
        if (settings.limit() < 0) {
            injected.incrementAndGet();
        }
        counts.computeIfAbsent(provider, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> new AtomicLong())
                .incrementAndGet();
        return Optional.of(kind);
    }

    /** {@code GET /sandbox/faults}: the settings and what this node injected, by provider and kind. */
    public Map<String, Object> report() {
        Map<String, Object> byProvider = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Map<Kind, AtomicLong>> provider : counts.entrySet()) {
            Map<String, Long> kinds = new TreeMap<>();
            for (Map.Entry<Kind, AtomicLong> kind : provider.getValue().entrySet()) {
                kinds.put(kind.getKey().label(), kind.getValue().get());
                total += kind.getValue().get();
            }
            byProvider.put(provider.getKey(), kinds);
        }
        Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("5xx", settings.serverErrorRate());
        rates.put("timeout", settings.timeoutRate());
        rates.put("429", settings.tooManyRequestsRate());
        rates.put("lost-webhook", settings.lostWebhookRate());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("enabled", settings.any());
        report.put("seed", settings.seed());
        report.put("rates", rates);
        report.put("providers", settings.providers().isEmpty() ? PROVIDERS : List.copyOf(settings.providers()));
        report.put("timeoutDelayMillis", settings.timeoutDelay().toMillis());
        report.put("providerRequests", requests.get());
        report.put("injectedTotal", total);
        report.put("injected", byProvider);
        return report;
    }
}
