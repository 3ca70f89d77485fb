package io.autobiz.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Finds a Redis server for the tests, first match wins: {@code AUTOBIZ_TEST_REDIS_URL}; the local server at
 * {@code 127.0.0.1:6379}; a Testcontainers Redis where Docker is available; otherwise the tests fail, saying how to
 * provide one.
 */
public final class TestRedis {

    private static URI server;

    private TestRedis() {}

    /** {@code redis://host:port}, checked to answer PING. */
    public static synchronized URI uri() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    private static URI locate() {
        String fromEnv = System.getenv("AUTOBIZ_TEST_REDIS_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            URI uri = URI.create(fromEnv);
            if (!answersPing(uri)) {
                throw new IllegalStateException(
                        "the Redis named by AUTOBIZ_TEST_REDIS_URL (" + fromEnv + ") does not answer PING");
            }
            return uri;
        }
        URI local = URI.create("redis://127.0.0.1:6379");
        if (answersPing(local)) {
            return local;
        }
        if (dockerAvailable()) {
            GenericContainer<?> redis = new GenericContainer<>("redis:7.4").withExposedPorts(6379);
            redis.start();
            return URI.create("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
        }
        throw new IllegalStateException("""
                The tests need a Redis server and found none. Provide one of:
                  - a local Redis on 127.0.0.1:6379
                    (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no),
                  - AUTOBIZ_TEST_REDIS_URL, e.g. redis://127.0.0.1:6380,
                  - or a running Docker engine, for Testcontainers.""");
    }

    /** True if the server answers the inline command PING with +PONG. */
    public static boolean answersPing(URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
