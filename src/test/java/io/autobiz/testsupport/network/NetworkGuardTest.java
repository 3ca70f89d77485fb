package io.autobiz.testsupport.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.autobiz.testing.stage.Hygiene;
import io.autobiz.testsupport.ProviderStubs;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Proves the guard by trying: connections to documentation addresses (RFC 5737, never routed) through the three
 * ways clients open sockets are refused by the guard itself (its message, not a routing error), and loopback works.
 */
@Hygiene
class NetworkGuardTest {

    @Test
    @DisplayName("P1-H02 the guard is installed in this test JVM without any test asking for it")
    void installedBySession() {
        assertThat(NetworkGuard.installed()).isTrue();
    }

    @Test
    @DisplayName("P1-H02 a plain socket to a non-loopback address is refused by the guard")
    void plainSocket() {
        assertThatThrownBy(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("192.0.2.10", 443), 2_000);
                    }
                })
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(NetworkGuard.MESSAGE)
                .hasMessageContaining("192.0.2.10");
        assertThat(System.getProperty(NetworkGuard.BLOCKED_PROPERTY)).isNotNull();
    }

    @Test
    @DisplayName("P1-H02 an NIO channel (Netty, OkHttp's path) to a non-loopback address is refused by the guard")
    void nioChannel() {
        assertThatThrownBy(() -> {
                    try (SocketChannel channel = SocketChannel.open()) {
                        channel.connect(new InetSocketAddress("198.51.100.20", 443));
                    }
                })
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining(NetworkGuard.MESSAGE);
    }

    @Test
    @DisplayName("P1-H02 the JDK HTTP client (as the Shopify and Printful tools use it) cannot reach a real host")
    void httpClient() {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> client.send(
                        HttpRequest.newBuilder(URI.create("http://203.0.113.30/v2/orders"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .hasStackTraceContaining(NetworkGuard.MESSAGE);
    }

    @Test
    @DisplayName("P1-H02 loopback stays reachable: WireMock answers through the same clients")
    void loopbackAllowed() throws Exception {
        WireMockServer server = ProviderStubs.start();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nothing"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        } finally {
            server.stop();
        }
    }
}
