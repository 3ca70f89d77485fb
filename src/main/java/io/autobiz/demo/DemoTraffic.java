package io.autobiz.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.autobiz.kernel.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Sends {@link DemoTrafficProperties}' requests to this server's demo endpoints once it is ready, from a background
 * thread so that start-up does not wait for it. It goes through HTTP, as a newcomer's {@code curl} would: the same
 * validation, the same answers, nothing the demo endpoints do not already do.
 */
@Component
@ConditionalOnProperty(
        name = {"autobiz.demo.enabled", "autobiz.demo.traffic.enabled"},
        havingValue = "true")
class DemoTraffic implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{([A-Za-z0-9_-]+)\\.([A-Za-z0-9_]+)}}");

    private final DemoTrafficProperties traffic;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoTraffic(DemoTrafficProperties traffic) {
        this.traffic = traffic;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String base = "http://127.0.0.1:" + web.getWebServer().getPort();
        Thread sender = new Thread(() -> sendAll(base), "demo-traffic");
        sender.setDaemon(true);
        sender.start();
    }

    private void sendAll(String base) {
        log.info(
                "demo traffic: sending {} requests to the demo endpoints",
                traffic.requests().size());
        for (DemoTrafficProperties.Request request : traffic.requests()) {
            if (!send(base, request)) {
                return;
            }
        }
        log.info("demo traffic: done; running instances are in Cockpit, approvals in Tasklist (/camunda)");
    }

    /** False when the thread was interrupted (the application is stopping). */
    private boolean send(String base, DemoTrafficProperties.Request request) {
        Instant giveUp = Instant.now().plus(traffic.patience());
        while (true) {
            try {
                HttpResponse<String> answer = http.send(
                        HttpRequest.newBuilder(URI.create(base + request.path()))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(request.body()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status / 100 == 2) {
                    log.info("demo traffic: {} (POST {}) accepted", request.label(), request.path());
                    return true;
                }
                if (!notReadyYet(status) || Instant.now().isAfter(giveUp)) {
                    log.warn(
                            "demo traffic: {} (POST {}) answered {}: {}; skipped",
                            request.label(),
                            request.path(),
                            status,
                            answer.body());
                    return true;
                }
            } catch (IOException e) {
                if (Instant.now().isAfter(giveUp)) {
                    log.warn(
                            "demo traffic: {} (POST {}) failed: {}; skipped",
                            request.label(),
                            request.path(),
                            e.toString());
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(traffic.retryEvery().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
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
