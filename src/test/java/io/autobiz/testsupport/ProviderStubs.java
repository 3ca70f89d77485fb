package io.autobiz.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One WireMock server standing in for every provider, on a loopback port, with each provider under its own path
 * prefix; and the properties that point the application's tools at it.
 */
public final class ProviderStubs {

    private ProviderStubs() {}

    public static WireMockServer start() {
        WireMockServer server =
                new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    public static Map<String, String> properties(WireMockServer server) {
        String base = "http://127.0.0.1:" + server.port();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("autobiz.providers.stripe", base + "/stripe");
        properties.put("autobiz.providers.shopify", base + "/shopify");
        properties.put("autobiz.providers.printful", base + "/printful");
        properties.put("autobiz.providers.sendgrid-host", "127.0.0.1:" + server.port());
        properties.put("autobiz.providers.sendgrid-path-prefix", "sendgrid/");
        properties.put("autobiz.providers.sendgrid-plain-http", "true");
        properties.put("autobiz.providers.sendgrid-sandbox-mode", "true");
        return properties;
    }
}
