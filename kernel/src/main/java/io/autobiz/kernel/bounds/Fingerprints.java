package io.autobiz.kernel.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.JsonFingerprint;
import io.autobiz.kernel.tool.ToolId;

/**
 * A call's identity for loop detection: {@code tool@version#<64-bit fingerprint of the input>}, equal for inputs that
 * are equal as JSON whatever their key order or number spelling.
 */
public final class Fingerprints {

    private Fingerprints() {}

    public static String of(ToolId tool, JsonNode input) {
        return tool + "#" + JsonFingerprint.hex(input);
    }

    /** The same, from a fingerprint already computed (step 2 computes it while validating). */
    public static String of(ToolId tool, long inputFingerprint) {
        return tool + "#" + JsonFingerprint.hex(inputFingerprint);
    }

    public static ToolId toolOf(String fingerprint) {
        return ToolId.parse(fingerprint.substring(0, fingerprint.indexOf('#')));
    }
}
