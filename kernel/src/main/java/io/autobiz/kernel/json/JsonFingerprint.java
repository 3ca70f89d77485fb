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
        return hex(hash(value));
    }

    private static long hash(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: {
                long sum = 0;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    sum += entry(field.getKey(), hash(field.getValue()));
                }
                return object(sum);
            }
            case ARRAY: {
                long h = arrayStart();
                for (JsonNode element : node) {
                    h = arrayStep(h, hash(element));
                }
                return h;
            }
            default:
                return scalar(node);
        }
    }

    // The steps of the walk, public for walks that compute the fingerprint alongside other work over the same tree
    // (the schema step converts the tree for everit and fingerprints it in the same pass). Same function, one copy.

    /** An object's fingerprint: order-independent, the sum of its {@link #entry entries}. */
    public static long object(long sumOfEntries) {
        return mix(sumOfEntries + 1);
    }

    public static long entry(String key, long valueFingerprint) {
        return mix(string(key) * 31 + valueFingerprint);
    }

    public static long arrayStart() {
        return 2;
    }

    public static long arrayStep(long soFar, long elementFingerprint) {
        return mix(soFar * 31 + elementFingerprint);
    }

    /**
     * A string, number, boolean or null. Not mixed here: the entry or array step that takes it in mixes once, which
     * is what makes the walk cheap (one finaliser per field or element, not three).
     */
    public static long scalar(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return string(node.textValue()) ^ 3;
            case NUMBER:
                return number(node) * 5 + 0x51_7C_C1_B7_27_22_0A_95L;
            case BOOLEAN:
                return node.booleanValue() ? 7 : 11;
            default:
                return 13;
        }
    }

    public static String hex(long fingerprint) {
        String digits = Long.toHexString(fingerprint);
        return "0".repeat(16 - digits.length()) + digits;
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
        return SEED ^ ((long) text.hashCode() << 32 | text.length());
    }

    /** The finaliser of SplitMix64: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
