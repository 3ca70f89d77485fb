package io.autobiz.workflows.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.delegates.StructuredOutputDelegate;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.CompiledSchema;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.schema.SchemaViolation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders WF05's reply from the store's wording and the looked-up facts, with the model's answer as a <em>choice</em>
 * only: a tone and which facts to state ({@code workflows/schemas/wismo-reply.json}). No text the model wrote reaches
 * the mail, so a hostile or confused model can choose a tone or leave out a fact, but cannot add a link, an address, an
 * amount, a code, a date or a promise. An answer that is anything but that choice is refused, never read generously.
 *
 * <p>The facts come from Printful, which is outside AutoBiz too: a fact that could carry markup or a link elsewhere
 * than a plain https page is refused as well.
 */
public final class WismoReplyComposer {

    /** Why a draft was refused; the metric's {@code reason} tag, so a short closed set. */
    public enum Reason {
        NOT_JSON("not_json"),
        OUTSIDE_SCHEMA("outside_schema"),
        FACT_MISSING("fact_missing"),
        FACT_UNSAFE("fact_unsafe");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** The outcome: a body to mail, or a refusal with what a person should look at. */
    public sealed interface Result permits Rendered, Refused {}

    public record Rendered(String body) implements Result {}

    public record Refused(Reason reason, List<String> findings) implements Result {}

    /**
     * The shipping facts a reply may state, blank facts absent, and the reply's language: the intent step's
     * schema-checked {@code language} (one of {@link #WORDING}'s keys), English when it gave none.
     */
    public record Facts(String orderName, String carrier, String trackingNumber, String trackingUrl, String language) {

        public Facts {
            language = WORDING.containsKey(language) ? language : "en";
        }

        public Facts(String orderName, String carrier, String trackingNumber, String trackingUrl) {
            this(orderName, carrier, trackingNumber, trackingUrl, "en");
        }

        public static Facts of(Map<String, ?> values) {
            return new Facts(
                    text(values.get("orderName")),
                    text(values.get("carrier")),
                    text(values.get("trackingNumber")),
                    text(values.get("trackingUrl")),
                    text(values.get("language")));
        }

        private static String text(Object value) {
            return value == null ? "" : value.toString().strip();
        }

        String value(String fact) {
            return switch (fact) {
                case "carrier" -> carrier;
                case "trackingNumber" -> trackingNumber;
                case "trackingUrl" -> trackingUrl;
                default -> throw new IllegalArgumentException(fact);
            };
        }
    }

    static final String SCHEMA = "wismo-reply";

    /** Order names, carriers and tracking numbers are short plain words: letters, digits and little punctuation. */
    private static final Pattern PLAIN_FACT = Pattern.compile("[\\p{L}\\p{N} #._\\-]{1,80}");

    private final CompiledSchema schema;

    public WismoReplyComposer(SchemaValidator validator) {
        this.schema = OutputSchemas.compile(validator, SCHEMA);
    }

    public Result compose(String answer, Facts facts) {
        List<String> unsafe = unsafeFacts(facts);
        if (!unsafe.isEmpty()) {
            return new Refused(Reason.FACT_UNSAFE, unsafe);
        }
        JsonNode choice;
        try {
            choice = Json.parse(StructuredOutputDelegate.withoutCodeFence(answer == null ? "" : answer.strip()));
        } catch (IllegalArgumentException notJson) {
            return new Refused(
                    Reason.NOT_JSON, List.of("the model's answer is not the JSON choice the prompt asks for"));
        }
        List<SchemaViolation> violations = schema.validate(choice);
        if (!violations.isEmpty()) {
            return new Refused(
                    Reason.OUTSIDE_SCHEMA,
                    violations.stream()
                            .map(v -> "the model's answer breaks " + SCHEMA + " at " + v.where())
                            .toList());
        }
        Set<String> mention = new LinkedHashSet<>();
        choice.get("mention").forEach(item -> mention.add(item.asText()));
        List<String> missing = new ArrayList<>();
        for (String fact : mention) {
            if (facts.value(fact).isEmpty()) {
                missing.add("the model chose to state " + fact + ", which the facts do not hold");
            }
        }
        if (!missing.isEmpty()) {
            return new Refused(Reason.FACT_MISSING, missing);
        }
        return new Rendered(render(choice.get("tone").asText(), mention, facts));
    }

    /** The store's sentences, by tone: greeting, order ({@code %s}), carrier, number, link, closing. */
    record Wording(String greeting, String order, String carrier, String number, String link, String closing) {}

    /** The store's wording per language and tone. Every sentence is fixed text around a looked-up fact. */
    static final Map<String, Map<String, Wording>> WORDING = Map.of(
            "en",
            Map.of(
                    "friendly",
                    new Wording(
                            "Hello! ",
                            "Your order %s is on its way",
                            " with %s",
                            " The tracking number is %s.",
                            " You can follow it at %s",
                            "\n\nBest wishes"),
                    "formal",
                    new Wording(
                            "Dear customer, thank you for your message. ",
                            "Your order %s has been shipped",
                            " with %s",
                            " The tracking number is %s.",
                            " You can follow the parcel at %s",
                            "\n\nKind regards")),
            "de",
            Map.of(
                    "friendly",
                    new Wording(
                            "Hallo! ",
                            "Deine Bestellung %s ist unterwegs",
                            " mit %s",
                            " Die Sendungsnummer lautet %s.",
                            " Du kannst sie hier verfolgen: %s",
                            "\n\nViele Grüße"),
                    "formal",
                    new Wording(
                            "Sehr geehrte Kundin, sehr geehrter Kunde, vielen Dank für Ihre Nachricht. ",
                            "Ihre Bestellung %s wurde versandt",
                            " mit %s",
                            " Die Sendungsnummer lautet %s.",
                            " Sie können die Sendung hier verfolgen: %s",
                            "\n\nMit freundlichen Grüßen")),
            "fr",
            Map.of(
                    "friendly",
                    new Wording(
                            "Bonjour ! ",
                            "Votre commande %s est en route",
                            " avec %s",
                            " Le numéro de suivi est %s.",
                            " Vous pouvez la suivre ici : %s",
                            "\n\nBonne journée"),
                    "formal",
                    new Wording(
                            "Madame, Monsieur, merci pour votre message. ",
                            "Votre commande %s a été expédiée",
                            " avec %s",
                            " Le numéro de suivi est %s.",
                            " Vous pouvez suivre le colis ici : %s",
                            "\n\nCordialement")),
            "es",
            Map.of(
                    "friendly",
                    new Wording(
                            "¡Hola! ",
                            "Tu pedido %s está en camino",
                            " con %s",
                            " El número de seguimiento es %s.",
                            " Puedes seguirlo aquí: %s",
                            "\n\nUn saludo"),
                    "formal",
                    new Wording(
                            "Estimado cliente, gracias por su mensaje. ",
                            "Su pedido %s ha sido enviado",
                            " con %s",
                            " El número de seguimiento es %s.",
                            " Puede seguir el paquete aquí: %s",
                            "\n\nAtentamente")));

    static String render(String tone, Set<String> mention, Facts facts) {
        Wording wording = WORDING.get(facts.language()).get(tone);
        StringBuilder body = new StringBuilder(wording.greeting());
        body.append(wording.order().formatted(facts.orderName()));
        if (mention.contains("carrier")) {
            body.append(wording.carrier().formatted(facts.carrier()));
        }
        body.append('.');
        if (mention.contains("trackingNumber")) {
            body.append(wording.number().formatted(facts.trackingNumber()));
        }
        if (mention.contains("trackingUrl")) {
            body.append(wording.link().formatted(facts.trackingUrl()));
        }
        return body.append(wording.closing()).toString();
    }

    private static List<String> unsafeFacts(Facts facts) {
        List<String> findings = new ArrayList<>();
        for (Map.Entry<String, String> fact : Map.of(
                        "orderName", facts.orderName(),
                        "carrier", facts.carrier(),
                        "trackingNumber", facts.trackingNumber())
                .entrySet()) {
            if (!fact.getValue().isEmpty()
                    && !PLAIN_FACT.matcher(fact.getValue()).matches()) {
                findings.add("the looked-up " + fact.getKey() + " is not plain text");
            }
        }
        if (!facts.trackingUrl().isEmpty() && !isPlainHttpsLink(facts.trackingUrl())) {
            findings.add("the looked-up tracking link is not a plain https link");
        }
        return findings;
    }

    private static boolean isPlainHttpsLink(String link) {
        if (link.length() > 2000
                || !link.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                || link.contains("\"")
                || link.contains("<")
                || link.contains(">")) {
            return false;
        }
        try {
            URI uri = new URI(link);
            return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null
                    && uri.getUserInfo() == null;
        } catch (URISyntaxException | NullPointerException e) {
            return false;
        }
    }
}
