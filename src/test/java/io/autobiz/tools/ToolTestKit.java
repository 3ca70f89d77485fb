package io.autobiz.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.Tool;
import io.autobiz.kernel.tool.ToolInvocation;
import io.autobiz.kernel.tool.ToolUsage;
import io.autobiz.tenancy.TenantDirectory;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.tenancy.TenantSettings;
import io.autobiz.tools.guard.SafetyProperties;
import io.autobiz.tools.guard.SandboxGuard;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds tools the way the application wires them, pointed at a WireMock server, and calls them with an invocation
 * as the kernel would make it: input checked against the tool's own schema first, output checked after, so a test
 * cannot pass with an input or output the kernel would refuse.
 */
public final class ToolTestKit {

    public static final TenantId TENANT = TenantId.of("acme");
    public static final String KEY = "autobiz:0123456789abcdef0123456789abcdef";

    public final ProviderProperties providers;
    public final TenantProperties stores;
    public final TenantDirectory tenants;
    public final SandboxGuard guard;
    public final List<Duration> sleeps = new ArrayList<>();
    public final ProviderHttp http;
    private final Map<String, String> secrets;

    /** Tenant acme's test-mode secrets, as the kit's tools present them. */
    public static final Map<String, String> SECRETS = Map.of(
            "stripe.api_key", "sk_test_toolkit_fake",
            "shopify.access_token", "shpat_toolkit_fake",
            "printful.token", "toolkit-fake-printful-token",
            "sendgrid.api_key", "SG.toolkit-fake",
            "slack.bot_token", "xoxb-test-toolkit-fake",
            "llm.api_key", "sk-test-toolkit-fake");

    /** The kit's one store, acme. */
    public static TenantProperties stores() {
        TenantSettings acme = new TenantSettings(
                "Acme",
                "acme-test.myshopify.com",
                "7001",
                Map.of("TSHIRT-BLK-M", 4017),
                "orders@example.com",
                Map.of("order-shipped", "d-test-order-shipped"),
                Map.of());
        return new TenantProperties(Map.of("acme", acme));
    }

    private ToolTestKit(
            ProviderProperties providers, TenantProperties stores, Map<String, String> secrets, SandboxGuard guard) {
        this.providers = providers;
        this.stores = stores;
        this.tenants = new TenantDirectory(stores);
        this.secrets = secrets;
        this.guard = guard;
        this.http = new ProviderHttp(
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(2))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                sleeps::add);
    }

    public static ToolTestKit against(WireMockServer server) {
        return against(server, Map.of());
    }

    /** Test-mode secrets of tenant acme, overridden by {@code secrets} (e.g. to try a live key). */
    public static ToolTestKit against(WireMockServer server, Map<String, String> secretOverrides) {
        return against(server, secretOverrides, safety());
    }

    /** Pointed at the in-process sandboxes of an application listening on {@code port}. */
    public static ToolTestKit againstSandboxes(int port) {
        return at("http://127.0.0.1:" + port + "/sandbox", port, Map.of(), safety());
    }

    public static ToolTestKit against(
            WireMockServer server, Map<String, String> secretOverrides, SafetyProperties safety) {
        return at("http://127.0.0.1:" + server.port(), server.port(), secretOverrides, safety);
    }

    private static ToolTestKit at(String base, int port, Map<String, String> secretOverrides, SafetyProperties safety) {
        ProviderProperties providers = new ProviderProperties(
                URI.create(base + "/stripe"),
                base + "/shopify",
                "2025-10",
                URI.create(base + "/printful"),
                "127.0.0.1:" + port,
                (URI.create(base).getPath().isEmpty()
                                ? ""
                                : URI.create(base).getPath().substring(1) + "/") + "sendgrid/",
                true,
                true);
        Map<String, String> secrets = new java.util.HashMap<>(SECRETS);
        secrets.putAll(secretOverrides);
        TenantProperties stores = stores();
        SandboxGuard guard = new SandboxGuard(safety, providers, stores, false);
        return new ToolTestKit(providers, stores, secrets, guard);
    }

    public static SafetyProperties safety() {
        return new SafetyProperties(
                List.of(),
                List.of(),
                List.of("api.stripe.com", "*.myshopify.com", "api.printful.com", "api.sendgrid.com", "slack.com"),
                List.of("example.com", "example.org", "example.net", "test"));
    }

    /** Calls the tool with a kernel-made invocation and checks the output against the tool's schema. */
    public Call call(Tool tool, String inputJson) throws Exception {
        return call(tool, inputJson, Optional.of(KEY), tool.contract().timeout());
    }

    public Call call(Tool tool, String inputJson, Optional<String> key, Duration timeout) throws Exception {
        ObjectNode input = (ObjectNode) Json.parse(inputJson);
        SchemaValidator validator = new SchemaValidator();
        assertThat(validator.compile("input", tool.contract().inputSchema()).validate(input))
                .as("test input must be valid for %s", tool.contract().id())
                .isEmpty();
        CredentialScoper scoper =
                new CredentialScoper((tenant, name) -> Optional.ofNullable(secrets.get(name)), access -> {}, i -> {});
        ToolUsage usage = new ToolUsage();
        ToolInvocation invocation = new ToolInvocation(
                TENANT,
                input,
                "corr-test-1",
                key,
                timeout,
                scoper.scopeFor(TENANT, tool.contract().dependency(), "workflow:test"),
                usage);
        ObjectNode output = tool.invoke(invocation);
        assertThat(validator.compile("output", tool.contract().outputSchema()).validate(output))
                .as("output of %s must be valid: %s", tool.contract().id(), output)
                .isEmpty();
        return new Call(output, usage);
    }

    public record Call(ObjectNode output, ToolUsage usage) {

        public JsonNode get(String field) {
            return output.get(field);
        }
    }
}
