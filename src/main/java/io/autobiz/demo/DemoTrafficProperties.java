package io.autobiz.demo;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Traffic the quick start puts through its own demo endpoints once it is up, so that a newcomer opening Cockpit finds
 * running instances of every workflow and Tasklist an approval waiting. Each request is sent in order; a request the
 * demo cannot take yet (a refund before any order is captured answers 404 or 409) is retried until {@code patience}
 * runs out. A body may name a field of an earlier request's answer, {@code {{first.orderId}}} for the
 * {@code orderId} of the answer to the request whose {@code id} is {@code first}, so that a refund is asked for a known
 * order ({@code ${...}} would be a Spring placeholder).
 */
@ConfigurationProperties("autobiz.demo.traffic")
public record DemoTrafficProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("PT90S") Duration patience,
        @DefaultValue("PT2S") Duration retryEvery,
        List<Request> requests) {

    public DemoTrafficProperties {
        requests = requests == null ? List.of() : List.copyOf(requests);
    }

    /**
     * A POST to one of the demo endpoints, with its JSON body; {@code label} names it in the log, {@code id} (optional)
     * lets later bodies refer to its answer.
     */
    public record Request(
            String id,
            String label,
            String path,
            @DefaultValue("{}") String body) {}
}
