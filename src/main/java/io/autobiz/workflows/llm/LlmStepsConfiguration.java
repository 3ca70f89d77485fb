package io.autobiz.workflows.llm;

import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.trace.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/** The beans BPMN names for the LLM checks: {@code ${llmStructuredOutput}} and {@code ${composedReply}}. */
@Configuration(proxyBeanMethods = false)
class LlmStepsConfiguration {

    /** Prototype scope: the engine injects the task's fields into the instance it resolves. */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    StructuredOutputDelegate llmStructuredOutput(SchemaValidator validator) {
        return new StructuredOutputDelegate(validator);
    }

    @Bean
    MessageScope messageScope() {
        return new MessageScope();
    }

    @Bean
    WismoReplyComposer wismoReplyComposer(SchemaValidator validator) {
        return new WismoReplyComposer(validator);
    }

    @Bean
    DraftRefusals draftRefusals(Traces traces, ObjectProvider<MeterRegistry> meters, Clock clock) {
        return new DraftRefusals(traces, meters.getIfAvailable(SimpleMeterRegistry::new), clock);
    }

    @Bean
    ExceptionSummaryComposer exceptionSummary(SchemaValidator validator, DraftRefusals refusals) {
        return new ExceptionSummaryComposer(validator, refusals);
    }

    @Bean
    ComposedReplyDelegate composedReply(WismoReplyComposer composer, DraftRefusals refusals) {
        return new ComposedReplyDelegate(composer, refusals);
    }
}
