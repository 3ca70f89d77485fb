package io.autobiz.kernel.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A fast 64-bit fingerprint of a JSON value with the invariances of RFC 8785 canonical form: object keys in any order,
 * numbers in any spelling ({@code 1}, {@code 1.0}, {@code 1e0}) give the same fingerprint. For telling recent calls
 * apart (loop detection), where a canonical SHA-256 would cost several times the schema validation it follows. Not a
 * cryptographic hash: idempotency keys, approvals and receipts use {@link CanonicalJson}.
 */
public final class JsonFingerprint {

    private static final long SEED = 0x9E3779B97F4A7C15L;

    private JsonFingerprint() {}

    public static long of(JsonNode value) {
        return hash(value);
    }

    public static String hex(JsonNode value) {
        String digits = Long.toHexString(hash(value));
        return "0".repeat(16 - digits.length()) + digits;
    }

    private static long hash(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                // Order-independent: a sum of mixed (key, value) pairs.
                long sum = 0;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    sum += mix(string(field.getKey()) * 31 + hash(field.getValue()));
                }
                return mix(sum + 1);
            }
            case ARRAY: {
                long h = 2;
                for (JsonNode element : node) {
                    h = mix(h * 31 + hash(element));
                }
                return h;
            }
            case STRING:
                return mix(string(node.textValue()) + 3);
            case NUMBER:
                return mix(number(node) + 5);
            case BOOLEAN:
                return node.booleanValue() ? 7 : 11;
            default:
                return 13;
        }
    }

    private static long number(JsonNode node) {
        if (node.canConvertToExactIntegral() && node.canConvertToLong()) {
            return node.longValue();
        }
        BigDecimal decimal = node.decimalValue().stripTrailingZeros();
        return decimal.unscaledValue().hashCode() * 31L + decimal.scale();
    }

    /** The JDK's string hash (computed once per string and cached by it) widened with the length. */
    private static long string(String text) {
        return mix(SEED ^ ((long) text.hashCode() << 32 | text.length()));
    }

    /** The finaliser of SplitMix64: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
