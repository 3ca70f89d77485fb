package io.autobiz.tools.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tenancy.TenantDirectory;
import io.autobiz.tools.ProviderHttp;
import io.autobiz.tools.ProviderProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Sends one GraphQL document to the tenant's shop and returns its {@code data}, or the kernel error it means.
 * Shopify's cost-based throttling arrives as HTTP 429 (handled by {@link ProviderHttp}) or as {@code THROTTLED} in an
 * HTTP 200; both mean the document was not run, so it is sent again after the bucket has refilled.
 */
@Component
class ShopifyGraphql {

    static final int MAX_THROTTLED_ATTEMPTS = 4;

    private final ProviderHttp http;
    private final ProviderProperties providers;
    private final TenantDirectory tenants;

    ShopifyGraphql(ProviderHttp http, ProviderProperties providers, TenantDirectory tenants) {
        this.http = http;
        this.providers = providers;
        this.tenants = tenants;
    }

    JsonNode execute(ToolInvocation invocation, String operationName, String document, ObjectNode variables)
            throws InterruptedException {
        String shop = tenants.require(invocation.tenant()).shopifyShop();
        if (shop == null || shop.isBlank()) {
            throw KernelError.of(
                    ErrorCode.CREDENTIAL_MISSING, "tenant " + invocation.tenant() + " has no Shopify shop configured");
        }
        URI endpoint = URI.create(providers.shopify().replace("{shop}", shop) + "/admin/api/"
                + providers.shopifyApiVersion() + "/graphql.json");
        ObjectNode body = Json.object();
        body.put("query", document);
        body.put("operationName", operationName);
        body.set("variables", variables);
        Map<String, String> headers =
                Map.of("X-Shopify-Access-Token", invocation.credentials().require("access_token"));
        long deadline = System.nanoTime() + invocation.timeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            JsonNode reply = http.postJson(
                    "shopify",
                    endpoint,
                    headers,
                    body,
                    invocation.timeout(),
                    invocation.correlationId(),
                    invocation.usage());
            JsonNode errors = reply.path("errors");
            if (!errors.isArray() || errors.isEmpty()) {
                return reply.path("data");
            }
            String code = errors.get(0).path("extensions").path("code").asText("");
            if (!"THROTTLED".equals(code)) {
                throw KernelError.of(
                        ErrorCode.PROVIDER_REJECTED,
                        "shopify refused " + operationName + (code.isEmpty() ? "" : " (" + code + ")"),
                        Map.of("provider", "shopify", "code", code));
            }
            // THROTTLED (HTTP 200): the query was not run, so sending it again cannot repeat a write.
            Duration wait = throttleWait(reply.path("extensions").path("cost"));
            if (attempt >= MAX_THROTTLED_ATTEMPTS || !ProviderHttp.fitsBefore(deadline, wait)) {
                throw KernelError.of(
                        ErrorCode.PROVIDER_UNAVAILABLE,
                        "shopify throttled " + operationName + " beyond this call's timeout",
                        Map.of("provider", "shopify", "code", code));
            }
            http.sleeper().sleep(wait);
        }
    }

    /**
     * How long until the leaky bucket holds the query's cost again: (requested - available) / restore rate, from the
     * {@code extensions.cost} Shopify sends with every answer; one second when it is missing.
     */
    static Duration throttleWait(JsonNode cost) {
        double requested = cost.path("requestedQueryCost").asDouble(0);
        JsonNode status = cost.path("throttleStatus");
        double available = status.path("currentlyAvailable").asDouble(0);
        double restoreRate = status.path("restoreRate").asDouble(0);
        if (restoreRate <= 0 || requested <= 0) {
            return Duration.ofSeconds(1);
        }
        double seconds = Math.max(0, requested - available) / restoreRate;
        return Duration.ofMillis(Math.min(60_000, (long) Math.ceil(seconds * 1000)));
    }
}
