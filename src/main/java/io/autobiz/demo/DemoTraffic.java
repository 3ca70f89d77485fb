package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.sandbox.SandboxObjects;
import io.autobiz.sandbox.shopify.ShopifySandbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sends {@link DemoTrafficProperties}' requests to this server's demo endpoints, from a background thread so that
 * start-up does not wait for it. It goes through HTTP, as a newcomer's {@code curl} would: the same validation, the
 * same answers, nothing the demo endpoints do not already do.
 *
 * <p>Sent by itself once, on the start that finds the demo store empty (no Shopify order in the sandbox, which keeps
 * its state in the database): a restart on the same {@code ./data} does not pile up another round. Of two nodes
 * starting at once on an empty store only one sends it: the one whose marker row ({@code demo.traffic}) goes in.
 * {@code POST /demo/traffic} sends it again whenever asked.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.demo.enabled", havingValue = "true")
class DemoTraffic implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{([A-Za-z0-9_-]+)\\.([A-Za-z0-9_]+)}}");

    private static final String MARKER = "demo.traffic";

    private final DemoTrafficProperties traffic;
    private final TenantId store;
    private final ShopifySandbox shopify;
    private final SandboxObjects objects;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String base;

    DemoTraffic(
            DemoTrafficProperties traffic,
            DemoProperties demo,
            ShopifySandbox shopify,
            SandboxObjects objects,
            Clock clock) {
        this.traffic = traffic;
        this.store = TenantId.of(demo.tenant());
        this.shopify = shopify;
        this.objects = objects;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        base = "http://127.0.0.1:" + web.getWebServer().getPort();
        if (!traffic.enabled()) {
            return;
        }
        if (!firstStartOfAnEmptyStore()) {
            log.info("demo traffic: the demo store has orders from an earlier start; none sent (POST /demo/traffic"
                    + " sends another round)");
            return;
        }
        sendInBackground();
    }

    /** Another round of demo traffic, now; the answer comes at once, the requests follow in the background. */
    @PostMapping("/demo/traffic")
    ResponseEntity<Map<String, Object>> sendNow() {
        if (base == null) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(Map.of("error", "NOT_READY", "message", "the server is still starting; try again shortly"));
        }
        sendInBackground();
        return ResponseEntity.accepted()
                .body(Map.of(
                        "requests",
                        traffic.requests().size(),
                        "next",
                        "sent in the background; running instances are in Cockpit, approvals in Tasklist (/camunda)"));
    }

    /**
     * Whether this start sends the traffic: the store has no order yet and this node's marker went in first. The
     * marker stays, so a store emptied by hand is not filled again without being asked.
     */
    private boolean firstStartOfAnEmptyStore() {
        if (!shopify.orders(store).isEmpty()) {
            return false;
        }
        return objects.insertOnce(
                store, MARKER, "sent", Map.of("at", clock.instant().toString()));
    }

    private void sendInBackground() {
        String target = base;
        Thread sender = new Thread(() -> sendAll(target), "demo-traffic");
        sender.setDaemon(true);
        sender.start();
    }

    private void sendAll(String base) {
        log.info(
                "demo traffic: sending {} requests to the demo endpoints",
                traffic.requests().size());
        Map<String, JsonNode> answers = new HashMap<>();
        for (DemoTrafficProperties.Request request : traffic.requests()) {
            Optional<String> body = bodyOf(request, answers);
            if (body.isEmpty()) {
                continue;
            }
            Optional<JsonNode> answer;
            try {
                answer = send(base, request, body.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (request.id() != null) {
                answer.ifPresent(accepted -> answers.put(request.id(), accepted));
            }
        }
        log.info("demo traffic: done; running instances are in Cockpit, approvals in Tasklist (/camunda)");
    }

    /** The request's body with {@code {{id.field}}} replaced from earlier answers; empty when one is missing. */
    private static Optional<String> bodyOf(DemoTrafficProperties.Request request, Map<String, JsonNode> answers) {
        Matcher reference = REFERENCE.matcher(request.body());
        StringBuilder body = new StringBuilder();
        while (reference.find()) {
            JsonNode answer = answers.get(reference.group(1));
            JsonNode value = answer == null ? MissingNode.getInstance() : answer.path(reference.group(2));
            if (!value.isValueNode()) {
                log.warn(
                        "demo traffic: {} (POST {}) needs {} of an earlier answer, which is missing; skipped",
                        request.label(),
                        request.path(),
                        reference.group());
                return Optional.empty();
            }
            reference.appendReplacement(body, Matcher.quoteReplacement(value.asText()));
        }
        reference.appendTail(body);
        return Optional.of(body.toString());
    }

    /** The accepted answer, or empty when the request was given up. */
    private Optional<JsonNode> send(String base, DemoTrafficProperties.Request request, String body)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(traffic.patience());
        while (true) {
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(base + request.path()))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status / 100 == 2) {
                    log.info("demo traffic: {} (POST {}) accepted", request.label(), request.path());
                    return Optional.of(answerOf(answer.body()));
                }
                if (!notReadyYet(status) || Instant.now().isAfter(giveUp)) {
                    log.warn(
                            "demo traffic: {} (POST {}) answered {}: {}; skipped",
                            request.label(),
                            request.path(),
                            status,
                            answer.body());
                    return Optional.empty();
                }
                log.debug("demo traffic: {} answered {}, not ready yet; again shortly", request.label(), status);
            } catch (IOException e) {
                if (Instant.now().isAfter(giveUp)) {
                    log.warn(
                            "demo traffic: {} (POST {}) failed: {}; skipped",
                            request.label(),
                            request.path(),
                            e.toString());
                    return Optional.empty();
                }
            }
            Thread.sleep(traffic.retryEvery().toMillis());
        }
    }

    /** An accepted request is never sent again, even if its answer cannot be read. */
    private static JsonNode answerOf(String body) {
        try {
            return Json.parse(body);
        } catch (IllegalArgumentException e) {
            return MissingNode.getInstance();
        }
    }

    /** What a demo endpoint answers when the store is not in the state the request needs yet (no captured order). */
    private static boolean notReadyYet(int status) {
        return status == 404 || status == 409;
    }
}
