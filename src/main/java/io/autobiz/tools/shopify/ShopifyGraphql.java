package io.autobiz.tools.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.app.AutoBizProperties;
import io.autobiz.app.tenancy.TenantDirectory;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tools.ProviderHttp;
import java.net.URI;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Sends one GraphQL document to the tenant's shop and returns its {@code data}, or the kernel error it means. */
@Component
class ShopifyGraphql {

    private final ProviderHttp http;
    private final AutoBizProperties.Providers providers;
    private final TenantDirectory tenants;

    ShopifyGraphql(ProviderHttp http, AutoBizProperties properties, TenantDirectory tenants) {
        this.http = http;
        this.providers = properties.providers();
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
        JsonNode reply = http.postJson(
                "shopify",
                endpoint,
                Map.of("X-Shopify-Access-Token", invocation.credentials().require("access_token")),
                body,
                invocation.timeout(),
                invocation.correlationId());
        JsonNode errors = reply.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            String code = errors.get(0).path("extensions").path("code").asText("");
            if ("THROTTLED".equals(code)) {
                throw KernelError.of(
                        ErrorCode.PROVIDER_UNAVAILABLE,
                        "shopify throttled " + operationName,
                        Map.of("provider", "shopify", "code", code));
            }
            throw KernelError.of(
                    ErrorCode.PROVIDER_REJECTED,
                    "shopify refused " + operationName + (code.isEmpty() ? "" : " (" + code + ")"),
                    Map.of("provider", "shopify", "code", code));
        }
        return reply.path("data");
    }
}
