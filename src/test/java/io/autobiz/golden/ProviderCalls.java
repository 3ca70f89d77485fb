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

/**
 * The named provider calls ({@link GoldenCalls}) on WireMock: an effect counted from WireMock's request journal, a fault
 * stubbed in front of the normal answer.
 */
final class ProviderCalls {

    private ProviderCalls() {}

    /** Whether WireMock served {@code call} in {@code event}. */
    static boolean matches(GoldenCalls.Call call, ServeEvent event) {
        var request = event.getRequest();
        return call.matches(
                request.getMethod().getName(), request.getUrl().replaceFirst("\\?.*$", ""), request.getBodyAsString());
    }

    /** How many times {@code effect} succeeded among the served requests. */
    static int count(WireMockServer providers, String effect) {
        GoldenCalls.Call call = GoldenCalls.effect(effect);
        return (int) providers.getAllServeEvents().stream()
                .filter(event -> event.getResponse().getStatus() / 100 == 2)
                .filter(event -> matches(call, event))
                .count();
    }

    /**
     * Stubs {@code fault} in front of the normal answer: a scenario of its own answers with the fault the first {@code
     * times} times, then falls through to the normal stubs (lower priority).
     */
    static void inject(WireMockServer providers, GoldenCase.Fault fault, int index) {
        GoldenCalls.Call call = GoldenCalls.call(fault.call());
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
