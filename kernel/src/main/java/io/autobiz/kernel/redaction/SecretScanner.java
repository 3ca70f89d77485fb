package io.autobiz.kernel.redaction;

import io.autobiz.kernel.KernelApi;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets and card numbers in text: provider key shapes (Stripe, Shopify, SendGrid, Slack, OpenAI, AWS,
 * webhook secrets), bearer tokens, PEM private keys, JWTs, and 13–19 digit card numbers that pass the Luhn check.
 * Stateless and thread-safe.
 */
@KernelApi
public final class SecretScanner {

    /** A finding: which kind of secret, and where in the text. */
    public record Detection(String type, int start, int end) {}

    private record Rule(String type, Pattern pattern) {}

    private static final List<Rule> RULES = List.of(
            new Rule("private_key", Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")),
            new Rule("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}")),
            new Rule("bearer_token", Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{12,}")),
            new Rule("stripe_key", Pattern.compile("\\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9_]{8,}")),
            new Rule("webhook_secret", Pattern.compile("\\bwhsec_[A-Za-z0-9_]{8,}")),
            new Rule("shopify_token", Pattern.compile("\\bshp(?:at|ss|ca|pa)_[A-Za-z0-9_]{8,}")),
            new Rule("sendgrid_key", Pattern.compile("\\bSG\\.[A-Za-z0-9_-]{8,}(?:\\.[A-Za-z0-9_-]{8,})?")),
            new Rule("slack_token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{8,}")),
            new Rule("openai_key", Pattern.compile("\\bsk-(?:proj-)?[A-Za-z0-9_-]{16,}")),
            new Rule("aws_access_key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b")));

    private static final Pattern CARD_CANDIDATE = Pattern.compile("(?<![0-9])(?:[0-9][ -]?){12,18}[0-9](?![0-9])");

    /** Every finding in {@code text}, in order of rule then position. */
    public List<Detection> scan(String text) {
        List<Detection> found = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(text);
            while (matcher.find()) {
                found.add(new Detection(rule.type(), matcher.start(), matcher.end()));
            }
        }
        Matcher card = CARD_CANDIDATE.matcher(text);
        while (card.find()) {
            String digits = card.group().replaceAll("[ -]", "");
            if (digits.length() >= 13 && digits.length() <= 19 && luhnValid(digits)) {
                found.add(new Detection("card_number", card.start(), card.end()));
            }
        }
        return found;
    }

    /** {@code text} with every finding replaced by {@code [REDACTED:<type>]}: for log lines, which cannot be refused. */
    public String mask(String text) {
        List<Detection> found = scan(text);
        if (found.isEmpty()) {
            return text;
        }
        found.sort((a, b) -> Integer.compare(a.start(), b.start()));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Detection detection : found) {
            if (detection.start() < at) {
                continue; // overlaps one already masked
            }
            out.append(text, at, detection.start())
                    .append("[REDACTED:")
                    .append(detection.type())
                    .append(']');
            at = detection.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** The Luhn (mod 10) check of a digit string. */
    public static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
