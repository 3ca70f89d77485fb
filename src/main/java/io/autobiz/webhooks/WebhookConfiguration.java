package io.autobiz.webhooks;

import io.autobiz.approvals.SlackApprovalInteractions;
import io.autobiz.inbox.EventOrderingGate;
import io.autobiz.inbox.EventProcessor;
import io.autobiz.inbox.Events;
import io.autobiz.inbox.JdbcEvents;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.tenancy.TenantProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    Events eventStore(TenantJdbc jdbc, Clock clock) {
        return new JdbcEvents(jdbc, clock);
    }

    /**
     * The endpoint is a servlet of its own rather than a Spring MVC controller: a delivery needs none of MVC's handler
     * lookup, argument resolution or content negotiation, and those cost about a third of the request thread's time
     * on this path (docs/performance.md, P2).
     */
    @Bean
    ServletRegistrationBean<WebhookServlet> webhookServletRegistration(WebhookServlet servlet) {
        ServletRegistrationBean<WebhookServlet> registration = new ServletRegistrationBean<>(servlet, "/webhooks/*");
        registration.setName("webhooks");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    RefusalLimiter webhookRefusalLimiter(WebhookProperties properties) {
        return new RefusalLimiter(properties.refusals());
    }

    @Bean
    EventOrderingGate eventOrderingGate(WebhookProperties properties) {
        return new EventOrderingGate(EventOrderingGate.workflowOrder(), properties.holdTimeout());
    }

    /** The event's claim, its workflow step and its new state share one Spring transaction with the engine. */
    @Bean
    EventProcessor eventProcessor(
            TenantJdbc jdbc,
            EventOrderingGate gate,
            EventProcessor.Correlator correlator,
            PlatformTransactionManager transactions,
            WebhookProperties properties,
            MeterRegistry meters,
            Clock clock) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        EventProcessor.Transactions inSpring = new EventProcessor.Transactions() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                return template.execute(status -> work.get());
            }
        };
        return new EventProcessor(
                jdbc,
                gate,
                correlator,
                inSpring,
                meters,
                clock,
                properties.processor().maxAttempts());
    }

    @Bean
    EventPoller eventPoller(EventProcessor processor, TenantProperties stores, WebhookProperties properties) {
        return new EventPoller(processor, stores, properties.processor());
    }

    /**
     * Slack clicks go to the approval module when it is present (it maps the Slack user to an approver and completes
     * the task as that person); otherwise they are refused politely.
     */
    @Bean
    @ConditionalOnMissingBean
    SlackInteractionHandler slackInteractionHandler(ObjectProvider<SlackApprovalInteractions> approvals) {
        SlackApprovalInteractions interactions = approvals.getIfAvailable();
        if (interactions == null) {
            return new RefusingSlackInteractionHandler();
        }
        return (tenant, eventId, payload) -> new SlackInteractionHandler.SlackReply(
                200,
                Map.of(
                        "response_type",
                        "ephemeral",
                        "replace_original",
                        false,
                        "text",
                        interactions.handle(tenant, payload).message()));
    }
}
