package io.autobiz.tools;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HTTP client every JSON-over-HTTP tool shares: one connection pool, no redirects to surprise hosts. */
@Configuration(proxyBeanMethods = false)
public class ToolsConfiguration {

    @Bean
    ProviderHttp providerHttp() {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new ProviderHttp(client);
    }
}
