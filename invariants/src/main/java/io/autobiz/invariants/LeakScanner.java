package io.autobiz.invariants;

import io.autobiz.kernel.redaction.SecretScanner;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what SOAK-INV-06 forbids in a text: a secret of a shape the kernel's {@link SecretScanner} knows (the patterns
 * the redaction refuses and the log converters mask), a secret value the run was given, a known piece of a customer's
 * personal data, or an e-mail address in the clear (not counting the providers' own published addresses). An address the kernel masked ({@code j***@example.com}, the
 * redaction's form) is not in the clear: its local part is gone. Answers name only the kind of finding, never the
 * finding, so a report never repeats what it found.
 */
final class LeakScanner {

    /**
     * An address whose local part is whole: no {@code *} (a masked address) and no word character right before it.
     * A domain needs a dot and a letter TLD, so {@code stripe.refund.create@1} (a tool ID) is not an address.
     */
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+*-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])");

    /**
     * Addresses the providers publish and their SDKs print in their own error texts (stripe-java's
     * {@code ApiConnectionException} names Stripe's support address after a read timeout). They are nobody's personal
     * data, so a log line that quotes one is not a leak; any other address in the same text still is.
     */
    private static final Set<String> PROVIDERS_PUBLISHED_ADDRESSES = Set.of("support@stripe.com");

    /** Shorter known values (a first name of two letters) would match ordinary words. */
    private static final int MIN_PERSONAL_LENGTH = 4;

    private final SecretScanner secrets = new SecretScanner();
    private final List<String> secretValues;
    private final List<String> personalData;

    LeakScanner(List<String> secretValues, List<String> personalData) {
        this.secretValues =
                secretValues.stream().filter(v -> v != null && !v.isBlank()).toList();
        this.personalData = personalData.stream()
                .filter(v -> v != null && v.strip().length() >= MIN_PERSONAL_LENGTH)
                .map(v -> v.strip().toLowerCase(Locale.ROOT))
                .toList();
    }

    /** The kinds of what was found in {@code text}, empty when it is clean. */
    Set<String> scan(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        for (SecretScanner.Detection detection : secrets.scan(text)) {
            found.add("secret (" + detection.type() + ")");
        }
        for (int i = 0; i < secretValues.size(); i++) {
            if (text.contains(secretValues.get(i))) {
                found.add("secret value #" + (i + 1) + " of the inputs");
            }
        }
        String lower = null;
        for (int i = 0; i < personalData.size(); i++) {
            if (lower == null) {
                lower = text.toLowerCase(Locale.ROOT);
            }
            if (lower.contains(personalData.get(i))) {
                found.add("personal data #" + (i + 1) + " of the inputs");
            }
        }
        if (text.indexOf('@') >= 0 && hasAddressInTheClear(text)) {
            found.add("e-mail address in the clear");
        }
        return found;
    }

    private static boolean hasAddressInTheClear(String text) {
        Matcher addresses = EMAIL.matcher(text);
        while (addresses.find()) {
            if (!PROVIDERS_PUBLISHED_ADDRESSES.contains(addresses.group().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
