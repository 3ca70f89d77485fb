package io.autobiz.delegates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.Unit;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantIdProviderProcessInstanceContext;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class TenantFromStartVariablesTest {

    private static ProcessDefinitionEntity refund() {
        ProcessDefinitionEntity definition = new ProcessDefinitionEntity();
        definition.setKey("refund");
        return definition;
    }

    @Test
    @DisplayName("issue 21: an instance without a valid store is bad input (400 over REST), not a fault (500)")
    void noStoreIsABadRequest() {
        TenantFromStartVariables provider = new TenantFromStartVariables();

        assertThatThrownBy(() -> provider.provideTenantIdForProcessInstance(
                        new TenantIdProviderProcessInstanceContext(refund(), Variables.createVariables())))
                .isInstanceOf(BadUserRequestException.class)
                .hasMessageContaining("'tenantId'");
        assertThatThrownBy(() -> provider.provideTenantIdForProcessInstance(new TenantIdProviderProcessInstanceContext(
                        refund(), Variables.createVariables().putValue("tenantId", "Not A Store!"))))
                .isInstanceOf(BadUserRequestException.class);
        assertThat(provider.provideTenantIdForProcessInstance(new TenantIdProviderProcessInstanceContext(
                        refund(), Variables.createVariables().putValue("tenantId", "demo-store"))))
                .isEqualTo("demo-store");
    }
}
