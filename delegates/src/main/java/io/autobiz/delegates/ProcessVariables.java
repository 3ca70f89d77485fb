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

    private ProcessVariables() {}
}
