package io.autobiz.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;

/**
 * The key a write sends to its provider: the kernel's external key when it gives one; otherwise one derived the same
 * way from what the kernel would have used (tenant, tool and the contract's intent fields, RFC 8785 canonical JSON),
 * so that every attempt of one call still carries one key. Never a random key: a random key per attempt protects
 * nothing (stripe-java makes one by itself when none is set).
 */
public final class ExternalKeys {

    private ExternalKeys() {}

    public static String of(ToolInvocation invocation, ToolContract contract) {
        return invocation.externalIdempotencyKey().orElseGet(() -> derived(invocation, contract));
    }

    static String derived(ToolInvocation invocation, ToolContract contract) {
        ObjectNode intent = Json.object();
        intent.put("tenant", invocation.tenant().value());
        intent.put("tool", contract.id().toString());
        ObjectNode fields = intent.putObject("intent");
        for (String field : contract.intentFields()) {
            if (invocation.input().has(field)) {
                fields.set(field, invocation.input().get(field));
            }
        }
        return "autobiz:" + CanonicalJson.sha256Hex(intent).substring(0, 32);
    }
}
