package io.autobiz.workflows.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a drafted reply states no shipping fact it was not given: every link, tracking-like number, carrier and
 * date in the draft must be one of the facts. The prompt carries the facts only, but a model may still invent a date or
 * repeat a number from the customer's own message (which may be an injection); a draft that does is not sent.
 *
 * <p>What counts as a fact: the order name, status, carrier, tracking number and tracking link looked up for the order.
 * The facts hold no dates, so any date or weekday in a draft is a promise nobody made.
 */
public final class GroundingCheck {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"')]+", Pattern.CASE_INSENSITIVE);
    /** Eight or more letters and digits with at least one digit: the shape of every carrier's tracking numbers. */
    private static final Pattern TRACKING_LIKE = Pattern.compile("\\b(?=[A-Z0-9]*[0-9])[A-Z0-9]{8,40}\\b");

    private static final List<String> CARRIERS = List.of(
            "USPS",
            "UPS",
            "FedEx",
            "DHL",
            "Royal Mail",
            "Canada Post",
            "Australia Post",
            "Deutsche Post",
            "La Poste",
            "PostNL",
            "DPD",
            "GLS",
            "Evri",
            "Hermes",
            "Asendia",
            "OnTrac",
            "Amazon Logistics",
            "China Post",
            "Japan Post",
            "Purolator",
            "TNT",
            "Aramex");

    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
            + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final Pattern DATE = Pattern.compile(
            "\\b\\d{4}-\\d{2}-\\d{2}\\b"
                    + "|\\b\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?\\b"
                    + "|\\b" + MONTH + "\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b"
                    + "|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "\\b"
                    + "|\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\\b",
            Pattern.CASE_INSENSITIVE);

    private GroundingCheck() {}

    /** The shipping facts a draft may state. Blank facts are simply absent. */
    public record Facts(String orderName, String carrier, String trackingNumber, String trackingUrl) {

        public static Facts of(Map<String, ?> values) {
            return new Facts(
                    text(values.get("orderName")),
                    text(values.get("carrier")),
                    text(values.get("trackingNumber")),
                    text(values.get("trackingUrl")));
        }

        private static String text(Object value) {
            return value == null ? "" : value.toString().strip();
        }
    }

    /** What in the draft is not grounded in the facts; empty when it states nothing but the facts. */
    public static List<String> ungrounded(String draft, Facts facts) {
        List<String> findings = new ArrayList<>();
        if (draft == null || draft.isBlank()) {
            findings.add("the draft is empty");
            return findings;
        }
        Matcher urls = URL.matcher(draft);
        while (urls.find()) {
            String url = urls.group().replaceAll("[.,;:!?]+$", "");
            if (facts.trackingUrl().isEmpty() || !url.equals(facts.trackingUrl())) {
                findings.add("link not in the facts: " + url);
            }
        }
        String withoutUrls = URL.matcher(draft).replaceAll(" ");
        Matcher numbers = TRACKING_LIKE.matcher(withoutUrls.toUpperCase(Locale.ROOT));
        while (numbers.find()) {
            String number = numbers.group();
            if (!number.equalsIgnoreCase(facts.trackingNumber())
                    && !("#" + number).equalsIgnoreCase(facts.orderName())) {
                findings.add("number not in the facts: " + number);
            }
        }
        String lowerCarrier = facts.carrier().toLowerCase(Locale.ROOT);
        for (String carrier : CARRIERS) {
            Pattern named = Pattern.compile("\\b" + Pattern.quote(carrier) + "\\b", Pattern.CASE_INSENSITIVE);
            if (named.matcher(withoutUrls).find() && !lowerCarrier.contains(carrier.toLowerCase(Locale.ROOT))) {
                findings.add("carrier not in the facts: " + carrier);
            }
        }
        Matcher dates = DATE.matcher(withoutUrls);
        while (dates.find()) {
            findings.add("date not in the facts: " + dates.group());
        }
        return findings;
    }
}
