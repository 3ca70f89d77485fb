package io.autobiz.workflows;

import io.autobiz.delegates.ProcessVariables;
import io.autobiz.kernel.tenant.TenantId;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/** WF07 {@code daily-closeout}: started by each store's daily timer, or now, on request (demo, operators). */
@Component
public class CloseoutWorkflows {

    private final RuntimeService runtime;

    public CloseoutWorkflows(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** Starts the store's closeout now, as its timer would (the store's own deployment of the diagram). */
    public ProcessInstance closeOutNow(TenantId tenant, String correlationId) {
        return runtime.createProcessInstanceByKey(DailyCloseoutDeployments.PROCESS_KEY)
                .processDefinitionTenantId(tenant.value())
                .businessKey("closeout-" + correlationId)
                .setVariable(ProcessVariables.CORRELATION_ID, correlationId)
                .execute();
    }
}
