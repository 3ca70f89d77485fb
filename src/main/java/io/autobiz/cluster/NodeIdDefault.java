package io.autobiz.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives {@code autobiz.cluster.node-id} its default, host name and HTTP port ({@code host:8080}), before logging is
 * set up, so the log pattern ({@code logging.pattern.correlation} in application.yml) can print it. With a random port
 * ({@code server.port=0}) the process id stands in for the port. An explicit value (AUTOBIZ_NODE_ID) wins.
 */
public final class NodeIdDefault implements EnvironmentPostProcessor {

    static final String PROPERTY = "autobiz.cluster.node-id";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return;
        }
        String port = environment.getProperty("server.port", "8080");
        String suffix = "0".equals(port) ? "pid" + ProcessHandle.current().pid() : port;
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("autobiz-node-id", Map.of(PROPERTY, hostName() + ":" + suffix)));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }
}
