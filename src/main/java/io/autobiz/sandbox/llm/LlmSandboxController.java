package io.autobiz.sandbox.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /sandbox/llm/v1/chat/completions}: recognises which AutoBiz template a prompt was rendered from by its
 * first line and answers from the prompt's own facts: the intent prompt with the first order number in the message,
 * the WISMO reply's choice with exactly the tracking facts the prompt lists, the failure summary with the listed status and reason. It
 * answers as the model it was asked for, with token counts, as an OpenAI-compatible server does.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class LlmSandboxController {

    private static final Pattern ORDER_NUMBER = Pattern.compile("#?\\b(\\d{3,20})\\b");
    private static final Pattern ABOUT_AN_ORDER = Pattern.compile(
            "\\b(where|order|track|tracking|ship|shipped|arrive|deliver|delivery|parcel|package)",
            Pattern.CASE_INSENSITIVE);

    private final Clock clock;

    LlmSandboxController(Clock clock) {
        this.clock = clock;
    }

    @PostMapping("/sandbox/llm/v1/chat/completions")
    ResponseEntity<Map<String, Object>> complete(@RequestBody JsonNode request) {
        String model = request.path("model").asText("");
        JsonNode messages = request.path("messages");
        if (model.isBlank() || !messages.isArray() || messages.isEmpty()) {
            return ResponseEntity.badRequest()
                    .body(Map.of(
                            "error",
                            Map.of("message", "model and messages are required", "type", "invalid_request_error")));
        }
        String prompt = messages.get(messages.size() - 1).path("content").asText("");
        String answer = answer(prompt);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", answer);
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", "stop");
        long promptTokens = tokens(prompt);
        long completionTokens = tokens(answer);
        Map<String, Object> completion = new LinkedHashMap<>();
        completion.put("id", "chatcmpl-sandbox-" + UUID.randomUUID());
        completion.put("object", "chat.completion");
        completion.put("created", clock.instant().getEpochSecond());
        completion.put("model", model);
        completion.put("choices", List.of(choice));
        completion.put(
                "usage",
                Map.of(
                        "prompt_tokens", promptTokens,
                        "completion_tokens", completionTokens,
                        "total_tokens", promptTokens + completionTokens));
        return ResponseEntity.ok(completion);
    }

    static String answer(String prompt) {
        if (prompt.startsWith("Read the customer's message")) {
            String message = line(prompt, "Message:").orElse("");
            Matcher number = ORDER_NUMBER.matcher(message);
            if (ABOUT_AN_ORDER.matcher(message).find() && number.find()) {
                return "{\"intent\": \"wismo\", \"orderName\": \"#" + number.group(1) + "\"}";
            }
            return "{\"intent\": \"other\", \"orderName\": \"\"}";
        }
        if (prompt.startsWith("Choose how AutoBiz answers a customer")) {
            // Only the facts the prompt holds a value for, as the prompt asks.
            List<String> mention = new java.util.ArrayList<>();
            if (!line(prompt, "Carrier:").orElse("").isEmpty()) {
                mention.add("\"carrier\"");
            }
            if (!line(prompt, "Tracking number:").orElse("").isEmpty()) {
                mention.add("\"trackingNumber\"");
            }
            if (!line(prompt, "Tracking link:").orElse("").isEmpty()) {
                mention.add("\"trackingUrl\"");
            }
            return "{\"tone\": \"friendly\", \"mention\": [" + String.join(", ", mention) + "]}";
        }
        if (prompt.startsWith("You write a short, friendly reply")) {
            return "Hello! Your order " + line(prompt, "Order:").orElse("") + " has shipped with "
                    + line(prompt, "Carrier:").orElse("") + ". The tracking number is "
                    + line(prompt, "Tracking number:").orElse("") + " and you can follow it at "
                    + line(prompt, "Tracking link:").orElse("");
        }
        if (prompt.startsWith("Choose what a store operator should check first")) {
            String reason = line(prompt, "Reason:").orElse("").toLowerCase(java.util.Locale.ROOT);
            String check = reason.contains("print file")
                    ? "print-file"
                    : reason.contains("address") ? "shipping-address" : "printful-messages";
            return "{\"checkFirst\": \"" + check + "\"}";
        }
        if (prompt.startsWith("Summarise for a store operator")) {
            return "Printful order " + line(prompt, "Order:").orElse("") + " is "
                    + line(prompt, "Status:").orElse("") + ". Printful's reason: "
                    + line(prompt, "Reason:").orElse("(none given)")
                    + ". Check the order in Printful's dashboard first, then confirm it again.";
        }
        return "The sandbox LLM only answers AutoBiz's prompt templates.";
    }

    private static Optional<String> line(String prompt, String label) {
        return prompt.lines()
                .filter(l -> l.startsWith(label))
                .map(l -> l.substring(label.length()).strip())
                .findFirst();
    }

    /** About four characters a token, as OpenAI's tokenizers average for English. */
    private static long tokens(String text) {
        return Math.max(1, text.length() / 4);
    }
}
