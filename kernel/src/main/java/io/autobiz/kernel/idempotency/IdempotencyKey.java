package io.autobiz.kernel.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolContract;
import java.util.Objects;

/**
 * The identity of one intended side effect.
 *
 * @param internal SHA-256 (hex) over the RFC 8785 canonical JSON of {@code {tenant, tool, intent}}, where intent holds
 *     the contract's intent fields (absent ones as null); the tenant is part of it, so two stores never share a key
 * @param external what providers see: {@code autobiz:} and the first 32 hex digits of SHA-256 over the internal key —
 *     fixed length (40), provider-safe characters, and no tenant or argument readable from it
 * @param argumentsSha256 SHA-256 over the canonical JSON of the whole input: the same intent with other arguments is
 *     a conflict, not a duplicate
 */
@KernelApi
public record IdempotencyKey(String internal, String external, String argumentsSha256) {

    public static final String EXTERNAL_PREFIX = "autobiz:";

    public IdempotencyKey {
        Objects.requireNonNull(internal, "internal");
        Objects.requireNonNull(external, "external");
        Objects.requireNonNull(argumentsSha256, "argumentsSha256");
    }

    /** The key of a call of {@code contract}'s tool with {@code input}, for {@code tenant}. */
    public static IdempotencyKey of(TenantId tenant, ToolContract contract, ObjectNode input) {
        ObjectNode material = Json.object();
        material.put("tenant", tenant.value());
        material.put("tool", contract.id().toString());
        ObjectNode intent = material.putObject("intent");
        for (String field : contract.intentFields()) {
            JsonNode value = input.get(field);
            intent.set(field, value == null ? NullNode.getInstance() : value);
        }
        String internal = Digests.sha256Hex(CanonicalJson.canonicalize(material));
        return new IdempotencyKey(internal, externalFor(internal), CanonicalJson.sha256Hex(input));
    }

    /** {@code autobiz:{sha256(internal)[:32]}}. */
    public static String externalFor(String internalKey) {
        return EXTERNAL_PREFIX + Digests.sha256Hex(internalKey).substring(0, 32);
    }
}
