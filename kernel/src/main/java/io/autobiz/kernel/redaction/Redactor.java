package io.autobiz.kernel.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.json.Json;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a payload into what may be persisted: allowlisted fields kept, sensitive fields masked, every other value
 * replaced by {@code "[omitted]"}; then the result is scanned, and if a secret or card number got through anyway the
 * payload is refused ({@link SecretRejectedException}), counted in {@code scanner_detection_total{type}} and alerted.
 */
@KernelApi
public final class Redactor {

    private static final Logger alerts = LoggerFactory.getLogger("io.autobiz.alerts.redaction");
    static final String OMITTED = "[omitted]";
    /** One e-mail address alone: no blank, one {@code @}, a dot in the domain. */
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");

    private final RedactionPolicy policy;
    private final SecretScanner scanner;
    private final MeterRegistry meters;

    public Redactor(RedactionPolicy policy, SecretScanner scanner, MeterRegistry meters) {
        this.policy = Objects.requireNonNull(policy);
        this.scanner = Objects.requireNonNull(scanner);
        this.meters = Objects.requireNonNull(meters);
    }

    public SecretScanner scanner() {
        return scanner;
    }

    /**
     * The persistable form of {@code payload} as JSON text.
     *
     * @param where what the payload is, for the alert (e.g. {@code trace input of stripe.payment.capture@1})
     * @throws SecretRejectedException if a secret survived the allowlist
     */
    public String redact(JsonNode payload, String where) {
        JsonNode filtered = filter(payload, true);
        return check(Json.write(filtered), where);
    }

    /** Scans text about to be persisted as is; refuses it if it holds a secret. */
    public String check(String text, String where) {
        List<SecretScanner.Detection> found = scanner.scan(text);
        if (found.isEmpty()) {
            return text;
        }
        Set<String> types = new LinkedHashSet<>();
        for (SecretScanner.Detection detection : found) {
            types.add(detection.type());
        }
        for (String type : types) {
            meters.counter("scanner_detection_total", "type", type).increment();
        }
        alerts.error(
                "ALERT scanner detection: {} found in {} and not persisted; fix the redaction allowlist", types, where);
        throw new SecretRejectedException(where, List.copyOf(types));
    }

    /**
     * Masks secrets in text that must be kept whatever it holds (a receipt of an effect that already happened): each
     * finding becomes {@code [REDACTED:<type>]}, and is counted and alerted like a refusal.
     */
    public String scrub(String text, String where) {
        List<SecretScanner.Detection> found = scanner.scan(text);
        if (found.isEmpty()) {
            return text;
        }
        Set<String> types = new LinkedHashSet<>();
        found.forEach(detection -> types.add(detection.type()));
        types.forEach(
                type -> meters.counter("scanner_detection_total", "type", type).increment());
        alerts.error("ALERT scanner detection: {} found in {} and masked; fix the redaction allowlist", types, where);
        return scanner.mask(text);
    }

    private JsonNode filter(JsonNode node, boolean allowed) {
        if (node == null || node.isNull()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            ObjectNode out = Json.object();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                if (policy.isSensitive(name)) {
                    out.set(name, mask(field.getValue()));
                } else if (policy.isAllowed(name)) {
                    out.set(name, filter(field.getValue(), true));
                } else {
                    out.set(name, omitted(field.getValue()));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(filter(item, allowed)));
            return out;
        }
        return allowed ? node : TextNode.valueOf(OMITTED);
    }

    /** Structure stays visible (objects and arrays are walked), values do not. */
    private JsonNode omitted(JsonNode value) {
        if (value.isObject() || value.isArray()) {
            return filter(value, false);
        }
        return value.isNull() ? value : TextNode.valueOf(OMITTED);
    }

    static JsonNode mask(JsonNode value) {
        if (value.isObject()) {
            ObjectNode out = Json.object();
            value.fields().forEachRemaining(f -> out.set(f.getKey(), mask(f.getValue())));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> out.add(mask(item)));
            return out;
        }
        if (value.isNull()) {
            return value;
        }
        return TextNode.valueOf(maskText(value.asText()));
    }

    /**
     * {@code jane@example.com} → {@code j***@example.com}; {@code +1 555 0142} → {@code ***42}; else {@code ***}. Public
     * so that what a person is shown (the approval form's customer) is masked the same way as what is stored. Only a
     * value that is an address and nothing else keeps its domain: a free text with an {@code @} in it (a message naming
     * {@code stripe.refund.create@1}, an address inside a sentence) is masked whole, not kept from the {@code @} on.
     */
    public static String maskText(String text) {
        int at = text.indexOf('@');
        if (at > 0 && EMAIL_ADDRESS.matcher(text).matches()) {
            return text.charAt(0) + "***" + text.substring(at);
        }
        String digits = text.replaceAll("[^0-9]", "");
        if (digits.length() >= 7
                && digits.length() >= text.replaceAll("\\s", "").length() - 4) {
            return "***" + digits.substring(digits.length() - 2);
        }
        return "***";
    }
}
