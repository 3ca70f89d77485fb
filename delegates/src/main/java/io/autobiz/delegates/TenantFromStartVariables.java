package io.autobiz.delegates;

import io.autobiz.kernel.tenant.TenantId;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProvider;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderCaseInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderHistoricDecisionInstanceContext;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderProcessInstanceContext;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * Stamps every process instance with its store. Definitions are deployed once, without a tenant; an instance takes
 * its tenant from its parent instance if it has one, otherwise from the {@code tenantId} start variable. An instance
 * without a valid tenant is refused at start: nothing may run on behalf of no store.
 */
public final class TenantFromStartVariables implements TenantIdProvider {

    @Override
    public String provideTenantIdForProcessInstance(TenantIdProviderProcessInstanceContext context) {
        if (context.getProcessDefinition().getTenantId() != null) {
            return context.getProcessDefinition().getTenantId();
        }
        DelegateExecution parent = context.getSuperExecution();
        if (parent != null && parent.getTenantId() != null) {
            return parent.getTenantId();
        }
        return requireTenant(
                context.getVariables(), context.getProcessDefinition().getKey());
    }

    @Override
    public String provideTenantIdForCaseInstance(TenantIdProviderCaseInstanceContext context) {
        return requireTenant(context.getVariables(), context.getCaseDefinition().getKey());
    }

    @Override
    public String provideTenantIdForHistoricDecisionInstance(TenantIdProviderHistoricDecisionInstanceContext context) {
        return context.getExecution() != null ? context.getExecution().getTenantId() : null;
    }

    private static String requireTenant(VariableMap variables, String definitionKey) {
        Object value = variables == null ? null : variables.get(ProcessVariables.TENANT_ID);
        if (!(value instanceof String tenant) || !TenantId.isValid(tenant)) {
            // Bad input, not a fault: the REST API answers a BadUserRequestException with 400 (not 500).
            throw new BadUserRequestException("an instance of '" + definitionKey
                    + "' needs a valid 'tenantId' start variable (lower-case letters, digits, dashes); got: " + value);
        }
        return tenant;
    }
}
