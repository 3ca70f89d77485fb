package io.autobiz.golden;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The provider calls a case can name: for faults (which call misbehaves) and for effects (which successful calls are
 * counted). An effect is a call the provider answered with 2xx: a failed attempt changed nothing there, so a retry that
 * finally succeeds is one effect, and two successful captures are two, which fails a case that expects one.
 */
final class ProviderCalls {

    /** A call: its HTTP method, its path, and for Shopify's one GraphQL endpoint the operation name. */
    record Call(String method, Pattern path, String operation) {

        boolean matches(ServeEvent event) {
            var request = event.getRequest();
            return request.getMethod().getName().equals(method)
                    && path.matcher(request.getUrl().replaceFirst("\\?.*$", "")).matches()
                    && (operation == null
                            || request.getBodyAsString().contains("\"operationName\":\"" + operation + "\""));
        }
    }

    private static final String GRAPHQL = "/shopify/admin/api/2025-10/graphql\\.json";

    /** Effects by the name a case counts them with. */
    static final Map<String, Call> EFFECTS = new LinkedHashMap<>();

    /** Every call a fault may name: the effects and the reads. */
    static final Map<String, Call> CALLS = new LinkedHashMap<>();

    static {
        EFFECTS.put("charges", new Call("POST", Pattern.compile("/stripe/v1/payment_intents/[^/]+/capture"), null));
        EFFECTS.put("voids", new Call("POST", Pattern.compile("/stripe/v1/payment_intents/[^/]+/cancel"), null));
        EFFECTS.put("refunds", new Call("POST", Pattern.compile("/stripe/v1/refunds"), null));
        EFFECTS.put("printful_orders", new Call("POST", Pattern.compile("/printful/v2/orders"), null));
        EFFECTS.put(
                "printful_confirmations",
                new Call("POST", Pattern.compile("/printful/v2/orders/[^/]+/confirmation"), null));
        EFFECTS.put("printful_cancellations", new Call("DELETE", Pattern.compile("/printful/v2/orders/[^/]+"), null));
        EFFECTS.put("shopify_refunds", new Call("POST", Pattern.compile(GRAPHQL), "AutoBizRefundCreate"));
        EFFECTS.put("shopify_cancellations", new Call("POST", Pattern.compile(GRAPHQL), "AutoBizOrderCancel"));
        EFFECTS.put("shopify_updates", new Call("POST", Pattern.compile(GRAPHQL), "AutoBizOrderUpdate"));
        EFFECTS.put("mails", new Call("POST", Pattern.compile("/sendgrid/v3/mail/send"), null));
        EFFECTS.put("slack_posts", new Call("POST", Pattern.compile("/slack/api/chat\\.postMessage"), null));

        CALLS.put("stripe.capture", EFFECTS.get("charges"));
        CALLS.put("stripe.void", EFFECTS.get("voids"));
        CALLS.put("stripe.refund", EFFECTS.get("refunds"));
        CALLS.put("stripe.payment.get", new Call("GET", Pattern.compile("/stripe/v1/payment_intents/[^/]+"), null));
        CALLS.put("printful.order.create", EFFECTS.get("printful_orders"));
        CALLS.put("printful.order.confirm", EFFECTS.get("printful_confirmations"));
        CALLS.put("printful.order.cancel", EFFECTS.get("printful_cancellations"));
        CALLS.put("printful.order.get", new Call("GET", Pattern.compile("/printful/v2/orders/[^/]+"), null));
        CALLS.put("shopify.order.get", new Call("POST", Pattern.compile(GRAPHQL), "AutoBizOrderGet"));
        CALLS.put("shopify.refund", EFFECTS.get("shopify_refunds"));
        CALLS.put("shopify.cancel", EFFECTS.get("shopify_cancellations"));
        CALLS.put("shopify.update", EFFECTS.get("shopify_updates"));
        CALLS.put("sendgrid.mail", EFFECTS.get("mails"));
        CALLS.put("slack.post", EFFECTS.get("slack_posts"));
        CALLS.put("llm", new Call("POST", Pattern.compile("/llm/primary/v1/chat/completions"), null));
        CALLS.put("llm.fallback", new Call("POST", Pattern.compile("/llm/fallback/v1/chat/completions"), null));
    }

    private ProviderCalls() {}

    static Call call(String name) {
        Call call = CALLS.get(name);
        if (call == null) {
            throw new IllegalArgumentException("unknown provider call '" + name + "', known: " + CALLS.keySet());
        }
        return call;
    }

    /** How many times {@code effect} succeeded among the served requests. */
    static int count(WireMockServer providers, String effect) {
        Call call = EFFECTS.get(effect);
        if (call == null) {
            throw new IllegalArgumentException("unknown effect '" + effect + "', known: " + EFFECTS.keySet());
        }
        return (int) providers.getAllServeEvents().stream()
                .filter(event -> event.getResponse().getStatus() / 100 == 2)
                .filter(call::matches)
                .count();
    }

    /**
     * Stubs {@code fault} in front of the normal answer: a scenario of its own answers with the fault the first {@code
     * times} times, then falls through to the normal stubs (lower priority).
     */
    static void inject(WireMockServer providers, GoldenCase.Fault fault, int index) {
        Call call = call(fault.call());
        int times = fault.times() == null ? 1 : fault.times();
        String scenario = "fault-" + index;
        for (int attempt = 0; attempt < times; attempt++) {
            MappingBuilder stub = request(
                            call.method(), urlPathMatching(call.path().pattern()))
                    .atPriority(1)
                    .inScenario(scenario)
                    .whenScenarioStateIs(
                            attempt == 0
                                    ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED
                                    : scenario + "-" + attempt)
                    .willSetStateTo(scenario + "-" + (attempt + 1))
                    .willReturn(answer(fault.with()));
            if (call.operation() != null) {
                stub = stub.withRequestBody(containing("\"operationName\":\"" + call.operation() + "\""));
            }
            providers.stubFor(stub);
        }
    }

    private static ResponseDefinitionBuilder answer(String with) {
        return switch (with) {
            case "timeout" -> aResponse().withStatus(200).withFixedDelay(GoldenWorld.TIMEOUT_DELAY_MS);
            case "reset" -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case "429" ->
                aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Too many requests\",\"type\":\"rate_limit_error\"}}");
            default ->
                aResponse()
                        .withStatus(Integer.parseInt(with))
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"golden fault " + with + "\",\"type\":\"api_error\"}}");
        };
    }
}
