package io.autobiz.workflows;

/** The BPMN messages provider events become, and the processes they start or continue. */
public final class WorkflowMessages {

    /** Starts WF01 {@code order-fulfill}. */
    public static final String ORDER_PAID = OrderWorkflows.ORDER_PAID;
    /** Continues WF01 at its shipment wait. */
    public static final String SHIPMENT_SENT = OrderWorkflows.SHIPMENT_SENT;
    /** Starts WF02 {@code payment-failure}. */
    public static final String PAYMENT_FAILED = PaymentFailureWorkflows.PAYMENT_FAILED;
    /** Ends WF02's wait: the order was paid after all. */
    public static final String PAYMENT_RECOVERED = PaymentFailureWorkflows.PAYMENT_RECOVERED;
    /** Starts WF04 {@code order-cancel}. */
    public static final String CANCEL_REQUESTED = OrderCancelWorkflows.CANCEL_REQUESTED;
    /** Starts WF06 {@code fulfillment-exception}. */
    public static final String FULFILMENT_PROBLEM = "FulfilmentProblem";

    private WorkflowMessages() {}
}
