package io.autobiz.workflows;

import io.autobiz.delegates.ProcessVariables;
import io.autobiz.inbox.WorkflowMessage;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.ShopifyIds;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.tenancy.TenantSettings;
import java.time.Duration;
import java.util.Objects;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationResult;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * WF02 {@code payment-failure}: started by a failed payment, ended early when the order is paid during the wait.
 *
 * <p>Settings: {@code autobiz.workflows.payment-failure.wait} (ISO-8601, default {@code PT24H}) is how long the
 * customer has to pay again before the order is cancelled; {@code autobiz.workflows.payment-failure.retry-url} is the
 * link the customer's mail carries, with {@code {shop}} replaced by the store's shop domain.
 */
@Component
public class PaymentFailureWorkflows {

    /** The mail template's {@code reason} holds at most this many characters. */
    private static final int MAX_REASON = 500;

    private final RuntimeService runtime;
    private final Approvals approvals;
    private final TenantProperties properties;
    private final Duration wait;
    private final String retryUrl;

    public PaymentFailureWorkflows(
            RuntimeService runtime,
            Approvals approvals,
            TenantProperties properties,
            @Value("${autobiz.workflows.payment-failure.wait:PT24H}") Duration wait,
            @Value("${autobiz.workflows.payment-failure.retry-url:https://{shop}/account}") String retryUrl) {
        if (wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException(
                    "autobiz.workflows.payment-failure.wait must be a positive duration, got " + wait);
        }
        this.runtime = runtime;
        this.approvals = approvals;
        this.properties = properties;
        this.wait = wait;
        this.retryUrl = retryUrl;
    }

    /**
     * A payment that failed.
     *
     * @param orderId the Shopify order's GID
     * @param failureMessage what the provider said (e.g. "Your card was declined."); may be empty
     */
    public record FailedPayment(
            TenantId tenant,
            String paymentIntentId,
            String orderId,
            String failureCode,
            String failureMessage,
            String correlationId) {

        public FailedPayment {
            Objects.requireNonNull(tenant, "tenant");
            if (paymentIntentId == null || paymentIntentId.isBlank()) {
                throw new IllegalArgumentException("a failed payment names its payment intent");
            }
            if (!ShopifyIds.isOrderGid(orderId)) {
                throw new IllegalArgumentException(
                        "a failed payment names the Shopify order it was for, got " + orderId);
            }
            failureCode = failureCode == null ? "" : failureCode;
            failureMessage = failureMessage == null ? "" : failureMessage;
        }
    }

    public ProcessInstance paymentFailed(FailedPayment failed) {
        String reason = failed.failureMessage().isBlank() ? failed.failureCode() : failed.failureMessage();
        MessageCorrelationResult result = runtime.createMessageCorrelation(WorkflowMessage.PAYMENT_FAILED.messageName())
                .withoutTenantId()
                .processInstanceBusinessKey(failed.orderId())
                .setVariable(ProcessVariables.TENANT_ID, failed.tenant().value())
                .setVariable(ProcessVariables.CORRELATION_ID, failed.correlationId())
                .setVariable(ProcessVariables.APPROVERS_GROUP, approvals.approversGroup(failed.tenant()))
                // Stripe reported the failure: the cancellation's approval was asked for by its webhook, not a person.
                .setVariable(ProcessVariables.REQUESTED_BY, "webhook:stripe")
                .setVariable("orderId", failed.orderId())
                .setVariable("paymentIntentId", failed.paymentIntentId())
                .setVariable("failureCode", failed.failureCode())
                .setVariable("failureMessage", reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason)
                .setVariable("paymentWait", wait.toString())
                .setVariable("retryUrl", retryUrlFor(failed.tenant()))
                .correlateWithResult();
        return result.getProcessInstance();
    }

    /**
     * The order was paid after all: every WF02 instance of the store waiting on it stops waiting and ends without
     * cancelling anything. Returns how many were waiting (none is normal: most orders never fail).
     */
    public int orderPaid(TenantId tenant, String orderId) {
        boolean waiting = runtime.createExecutionQuery()
                        .messageEventSubscriptionName(WorkflowMessage.PAYMENT_RECOVERED.messageName())
                        .tenantIdIn(tenant.value())
                        .processVariableValueEquals("orderId", orderId)
                        .count()
                > 0;
        if (!waiting) {
            return 0;
        }
        return runtime.createMessageCorrelation(WorkflowMessage.PAYMENT_RECOVERED.messageName())
                .tenantId(tenant.value())
                .processInstanceVariableEquals("orderId", orderId)
                .correlateAllWithResult()
                .size();
    }

    private String retryUrlFor(TenantId tenant) {
        TenantSettings settings = properties.tenants().get(tenant.value());
        String shop = settings == null || settings.shopifyShop() == null ? "" : settings.shopifyShop();
        return retryUrl.replace("{shop}", shop);
    }
}
