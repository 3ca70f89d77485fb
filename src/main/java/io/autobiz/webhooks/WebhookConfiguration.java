package io.autobiz.webhooks;

import io.autobiz.kernel.events.EventStore;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    EventStore eventStore(TenantJdbc jdbc, Clock clock) {
        return new EventStore(jdbc, clock);
    }
}
