package io.autobiz.tools.printful;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.tenancy.TenantDirectory;
import io.autobiz.tools.ProviderHttp;
import io.autobiz.tools.ProviderProperties;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Printful v2 requests for one tenant's store; answers are the {@code data} member of Printful's envelope. */
@Component
class PrintfulApi {

    private final ProviderHttp http;
    private final String base;
    private final TenantDirectory tenants;

    PrintfulApi(ProviderHttp http, ProviderProperties providers, TenantDirectory tenants) {
        this.http = http;
        this.base = providers.printful().toString().replaceAll("/+$", "");
        this.tenants = tenants;
    }

    JsonNode post(ToolInvocation invocation, String path, JsonNode body) throws InterruptedException {
        return http.postJson(
                        "printful",
                        URI.create(base + path),
                        headers(invocation),
                        body,
                        invocation.timeout(),
                        invocation.correlationId(),
                        invocation.usage())
                .path("data");
    }

    JsonNode delete(ToolInvocation invocation, String path) throws InterruptedException {
        return http.delete(
                        "printful",
                        URI.create(base + path),
                        headers(invocation),
                        invocation.timeout(),
                        invocation.correlationId(),
                        invocation.usage())
                .path("data");
    }

    JsonNode get(ToolInvocation invocation, String path) throws InterruptedException {
        return http.get(
                        "printful",
                        URI.create(base + path),
                        headers(invocation),
                        invocation.timeout(),
                        invocation.correlationId(),
                        invocation.usage())
                .path("data");
    }

    Integer catalogVariantOf(ToolInvocation invocation, String sku) {
        return tenants.require(invocation.tenant()).printfulCatalog().get(sku);
    }

    private Map<String, String> headers(ToolInvocation invocation) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + invocation.credentials().require("token"));
        String store = tenants.require(invocation.tenant()).printfulStoreId();
        if (store != null && !store.isBlank()) {
            headers.put("X-PF-Store-Id", store);
        }
        return headers;
    }
}
