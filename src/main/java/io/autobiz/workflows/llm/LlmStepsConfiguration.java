package io.autobiz.workflows.llm;

import io.autobiz.delegates.ComposedReplyDelegate;
import io.autobiz.delegates.StructuredOutputDelegate;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.kernel.trace.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
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
        return new StructuredOutputDelegate(name -> OutputSchemas.compile(validator, name));
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
        return new ComposedReplyDelegate(new ComposedReplyDelegate.Replies() {
            @Override
            public ComposedReplyDelegate.Reply compose(String answer, Map<String, Object> variables) {
                WismoReplyComposer.Result result = composer.compose(answer, WismoReplyComposer.Facts.of(variables));
                if (result instanceof WismoReplyComposer.Rendered rendered) {
                    return new ComposedReplyDelegate.Rendered(rendered.body());
                }
                WismoReplyComposer.Refused refused = (WismoReplyComposer.Refused) result;
                return new ComposedReplyDelegate.Refused(refused.reason().tag(), refused.findings());
            }

            @Override
            public void refused(DelegateExecution execution, String workflow, String reason) {
                refusals.refused(execution, workflow, reason);
            }
        });
    }
}
