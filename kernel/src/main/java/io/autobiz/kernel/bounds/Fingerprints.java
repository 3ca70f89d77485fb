package io.autobiz.kernel.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.tool.ToolId;

/** A call's identity for loop detection: {@code tool@version#<first 16 hex of SHA-256(canonical input)>}. */
public final class Fingerprints {

    private Fingerprints() {}

    public static String of(ToolId tool, JsonNode input) {
        return tool + "#" + CanonicalJson.sha256Hex(input).substring(0, 16);
    }

    public static ToolId toolOf(String fingerprint) {
        return ToolId.parse(fingerprint.substring(0, fingerprint.indexOf('#')));
    }
}
