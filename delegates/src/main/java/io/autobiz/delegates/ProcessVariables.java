package io.autobiz.delegates;

/** The variable names every AutoBiz process instance carries from its start. */
public final class ProcessVariables {

    /** The store the instance belongs to; read once by the tenant ID provider at start. */
    public static final String TENANT_ID = "tenantId";

    /** Carried from the origin (webhook, REST call, timer) through every tool call and provider request. */
    public static final String CORRELATION_ID = "correlationId";

    /**
     * The tool's validated output, as a transient local variable of the service task: output parameters pick from
     * it (e.g. {@code ${result.id}}), and what they do not pick is never persisted nor kept in history.
     */
    public static final String RESULT = "result";

    /**
     * Who asked, for runs the engine started without an authenticated user: set at start by AutoBiz's own starters
     * ({@code demo}, {@code webhook:stripe}). The engine's own record of the user who started a run comes first.
     */
    public static final String REQUESTED_BY = "requestedBy";

    /**
     * The approval request an approval task is created for (set by {@code ${approvalRequest}}). Read once, when the
     * task is created and linked to it; the decision is found by the task, never by this variable.
     */
    public static final String APPROVAL_REQUEST_ID = "approvalRequestId";

    /**
     * The order a run works on: its Shopify GID, the store's name for it ({@code #1001}), its customer's address. An
     * approval request that declares them as facts shows the name and the masked address on its form.
     */
    public static final String ORDER_ID = "orderId";

    public static final String ORDER_NAME = "orderName";
    public static final String CUSTOMER_EMAIL = "customerEmail";

    /**
     * The run an order's money was taken by, when a run acts on another run's order (WF07 repairs a payment WF01
     * captured): the approval form links to that run in Cockpit instead of the asking run.
     */
    public static final String ORDER_PROCESS_INSTANCE_ID = "orderProcessInstanceId";

    /** The store's approvers group: the approval task's candidate group. */
    public static final String APPROVERS_GROUP = "approversGroup";

    /** ISO 8601 duration the approver has: the approval task's timer boundary event reads it. */
    public static final String APPROVAL_TIMEOUT = "approvalTimeout";

    /** What the form shows: the tool, the amount in major units with its currency, the reason. */
    public static final String APPROVAL_TOOL = "approvalTool";

    public static final String APPROVAL_AMOUNT = "approvalAmount";
    public static final String APPROVAL_CURRENCY = "approvalCurrency";
    public static final String APPROVAL_REASON = "approvalReason";

    /**
     * What the form shows besides (read-only, written when the approval is requested, see {@link ApprovalDisplay}):
     * the action in words, the amount with its currency, the order's name and its run in Cockpit, the customer masked,
     * the deadline (ISO 8601 instant; the task's due date is the same instant).
     */
    public static final String APPROVAL_ACTION = "approvalAction";

    public static final String APPROVAL_AMOUNT_TEXT = "approvalAmountText";
    public static final String APPROVAL_ORDER_NAME = "approvalOrderName";
    public static final String APPROVAL_ORDER_LINK = "approvalOrderLink";
    public static final String APPROVAL_CUSTOMER = "approvalCustomer";
    public static final String APPROVAL_DEADLINE = "approvalDeadline";

    /** The approver's answer in the form (true approves) and comment; the decision is recorded from the task. */
    public static final String APPROVED = "approved";

    public static final String APPROVAL_COMMENT = "approvalComment";

    /**
     * {@code APPROVED} or {@code DENIED}, set by the approval task on completion for the diagram's gateway. Setting
     * it by hand changes nothing that matters: the kernel lets a call through only on the recorded decision.
     */
    public static final String APPROVAL_DECISION = "approvalDecision";

    /**
     * Whether the store's HITL rules want an approval for the call a {@code ${approvalCheck}} task describes; the
     * diagram's gateway reads it. Setting it by hand skips nothing: step 5 asks the same rules again at call time.
     */
    public static final String APPROVAL_REQUIRED = "approvalRequired";

    private ProcessVariables() {}
}
