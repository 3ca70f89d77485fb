package io.autobiz.tools;

import io.autobiz.kernel.idempotency.IdempotencyKey;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;

/**
 * The key a write sends to its provider: the kernel's external key when it gives one; otherwise the kernel's own
 * {@link IdempotencyKey} of the call (tenant, tool and the contract's intent fields), so that every attempt of one
 * call still carries one key. Never a random key: a random key per attempt protects
 * nothing (stripe-java makes one by itself when none is set).
 */
public final class ExternalKeys {

    private ExternalKeys() {}

    public static String of(ToolInvocation invocation, ToolContract contract) {
        return invocation.externalIdempotencyKey().orElseGet(() -> derived(invocation, contract));
    }

    /** The kernel's own key for this call: the same function, so a provider sees one key however the call came. */
    static String derived(ToolInvocation invocation, ToolContract contract) {
        return IdempotencyKey.of(invocation.tenant(), contract, invocation.input())
                .external();
    }
}
