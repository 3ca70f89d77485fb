package io.autobiz.workflows.llm;

import io.autobiz.kernel.schema.SchemaValidator;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/** The beans BPMN names for the LLM checks: {@code ${llmStructuredOutput}} and {@code ${groundedDraft}}. */
@Configuration(proxyBeanMethods = false)
class LlmStepsConfiguration {

    /** Prototype scope: the engine injects the task's fields into the instance it resolves. */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    StructuredOutputDelegate llmStructuredOutput(SchemaValidator validator) {
        return new StructuredOutputDelegate(validator);
    }

    @Bean
    GroundedDraftDelegate groundedDraft() {
        return new GroundedDraftDelegate();
    }
}
