package io.autobiz.workflows;

import io.autobiz.delegates.FindPrintfulOrderListener;
import io.autobiz.delegates.StopFulfilmentDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans BPMN names for workflow steps that drive the engine itself rather than a provider. */
@Configuration(proxyBeanMethods = false)
class WorkflowStepsConfiguration {

    /** {@code ${stopFulfilment}} in WF04: the delegate stops the order's fulfilment runs through OrderWorkflows. */
    @Bean
    StopFulfilmentDelegate stopFulfilment(OrderWorkflows orders) {
        return new StopFulfilmentDelegate(orders::stopFulfilment);
    }

    /** {@code ${findPrintfulOrder}} in WF04: the Printful order the order's WF01 run placed, when the start named none. */
    @Bean
    FindPrintfulOrderListener findPrintfulOrder(OrderCancelWorkflows cancellations) {
        return new FindPrintfulOrderListener(cancellations::printfulOrderOf);
    }
}
