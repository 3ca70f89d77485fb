package io.autobiz.tools.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ExternalKeys;
import io.autobiz.tools.ProviderProperties;
import io.autobiz.tools.guard.SandboxGuard;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Builds a {@link StripeClient} for one call of one tenant, and turns Stripe's exceptions into kernel errors. */
@Component
class StripeClients {

    private final String apiBase;
    private final SandboxGuard guard;

    StripeClients(ProviderProperties providers, SandboxGuard guard) {
        this.apiBase = providers.stripe().toString();
        this.guard = guard;
    }

    /**
     * A client for this call, after the guard has checked that the tenant's key is a test key (unless the store is
     * live); the call is counted as one Stripe request for cost attribution.
     */
    StripeClient forCall(ToolInvocation invocation) {
        String key = invocation.credentials().require("api_key");
        guard.requireTestKey(invocation.tenant(), "stripe", key);
        invocation.usage().recordProviderCall("stripe");
        int timeoutMillis =
                (int) Math.min(Integer.MAX_VALUE, invocation.timeout().toMillis());
        return StripeClient.builder()
                .setApiKey(key)
                .setApiBase(apiBase)
                .setMaxNetworkRetries(0)
                .setConnectTimeout(Math.min(timeoutMillis, 5_000))
                .setReadTimeout(timeoutMillis)
                .build();
    }

    /**
     * Every write carries the kernel's external key as Stripe's Idempotency-Key, the same on every retry (derived from
     * the call's intent while the kernel gives none, see {@link ExternalKeys}).
     */
    static RequestOptions options(ToolInvocation invocation, ToolContract contract) {
        return RequestOptions.builder()
                .setIdempotencyKey(ExternalKeys.of(invocation, contract))
                .build();
    }

    /** Stripe's ISO currency codes are lower-case. */
    static String currency(String code) {
        return code.toLowerCase(java.util.Locale.ROOT);
    }

    static KernelError failure(String operation, StripeException e) {
        Integer status = e.getStatusCode();
        String code = e.getCode() == null ? "" : e.getCode();
        Map<String, Object> details = Map.of("provider", "stripe", "status", status == null ? 0 : status, "code", code);
        if (e instanceof com.stripe.exception.ApiConnectionException) {
            return KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    "stripe " + operation + " did not complete (network or timeout); the retry reuses the"
                            + " idempotency key",
                    Map.of("provider", "stripe", "status", 0, "code", "connection"),
                    e);
        }
        if (status == null || status == 429 || status >= 500) {
            return KernelError.of(
                    ErrorCode.PROVIDER_UNAVAILABLE,
                    "stripe " + operation + " failed: " + e.getClass().getSimpleName(),
                    details,
                    e);
        }
        return KernelError.of(
                ErrorCode.PROVIDER_REJECTED,
                "stripe refused " + operation + " (HTTP " + status + (code.isEmpty() ? "" : ", " + code) + ")",
                details,
                e);
    }
}
