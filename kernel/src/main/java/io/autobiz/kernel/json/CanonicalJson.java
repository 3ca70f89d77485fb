package io.autobiz.kernel.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.crypto.Digests;
import java.io.IOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 (JSON Canonicalization Scheme): one byte sequence per JSON value, whatever the key order, whitespace or
 * number spelling of the input. Idempotency keys, approval hashes, loop detection and receipt chains hash this form,
 * so two equal arguments always hash equal. The scheme is implemented by erdtman's java-json-canonicalization.
 */
@KernelApi
public final class CanonicalJson {

    private CanonicalJson() {}

    public static String canonicalize(JsonNode value) {
        return canonicalize(Json.write(value));
    }

    public static String canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException e) {
            throw new IllegalArgumentException("not canonicalizable JSON: " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 of the canonical form: the fingerprint of a JSON value. */
    public static String sha256Hex(JsonNode value) {
        return Digests.sha256Hex(canonicalize(value));
    }
}
