package io.autobiz.golden;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.kernel.tenant.TenantId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The golden ITs' providers: WireMock on loopback, stubbed per case run ({@link GoldenWorld}), faults and effects by
 * named call ({@link ProviderCalls}). Plays every case.
 */
final class WireMockProviders implements GoldenProviders {

    private final WireMockServer server;

    WireMockProviders(WireMockServer server) {
        this.server = server;
    }

    @Override
    public Optional<String> cannotPlay(GoldenCase golden, List<GoldenCase.Fault> extraFaults) {
        return Optional.empty();
    }

    @Override
    public void reset() {
        server.resetAll();
    }

    @Override
    public void prepare(TenantId store, long n, GoldenCase.Given given) {
        GoldenWorld.stub(server, n, given);
    }

    @Override
    public void inject(GoldenCase.Fault fault, int index) {
        ProviderCalls.inject(server, fault, index);
    }

    @Override
    public void settled(TenantId store, String paymentIntent, long received, long refunded) {
        server.stubFor(GoldenWorld.settled(paymentIntent, received, refunded));
    }

    @Override
    public int count(String effect) {
        return ProviderCalls.count(server, effect);
    }

    @Override
    public String journal() {
        List<String> calls = new ArrayList<>();
        server.getAllServeEvents().stream()
                .sorted(Comparator.comparing(event -> event.getRequest().getLoggedDate()))
                .forEach(event -> calls.add(event.getRequest().getMethod().getName() + " "
                        + event.getRequest().getUrl().replaceFirst("\\?.*$", "") + " "
                        + event.getResponse().getStatus()));
        return String.join(", ", calls);
    }
}
