package io.autobiz.sandbox.slack;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The messages posted to the stand-in, in order, each with the channel and the {@code ts} Slack would assign. */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class SlackSandbox {

    private final List<Map<String, Object>> messages = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Clock clock;

    public SlackSandbox(Clock clock) {
        this.clock = clock;
    }

    Map<String, Object> post(String channel, String text, String blocks) {
        String ts =
                clock.instant().getEpochSecond() + "." + String.format("%06d", sequence.incrementAndGet() % 1_000_000);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", channel);
        message.put("ts", ts);
        message.put("text", text);
        if (blocks != null) {
            message.put("blocks", io.autobiz.kernel.json.Json.parse(blocks));
        }
        messages.add(message);
        return message;
    }

    public List<Map<String, Object>> messages() {
        return List.copyOf(messages);
    }
}
