package io.autobiz.demo;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.workflows.CloseoutWorkflows;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /demo/closeout}: runs the demo store's WF07 now instead of at 23:00. It reconciles the demo orders'
 * payments and fulfilments against the sandboxes, repairs what is not financial, and puts every financial repair up
 * for approval in Tasklist.
 */
@RestController
@ConditionalOnProperty(name = "autobiz.demo.enabled", havingValue = "true")
class DemoCloseoutController {

    private final DemoProperties demo;
    private final CloseoutWorkflows closeouts;

    DemoCloseoutController(DemoProperties demo, CloseoutWorkflows closeouts) {
        this.demo = demo;
        this.closeouts = closeouts;
    }

    @PostMapping(path = "/demo/closeout")
    ResponseEntity<Map<String, Object>> closeOut() {
        String correlationId = UUID.randomUUID().toString();
        ProcessInstance instance = closeouts.closeOutNow(TenantId.of(demo.tenant()), correlationId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("processInstanceId", instance.getId());
        answer.put("correlationId", correlationId);
        answer.put("reconciliations", "/admin/tenants/" + demo.tenant() + "/reconciliations");
        answer.put("cockpit", "/camunda/app/cockpit/default/#/process-instance/" + instance.getId() + "/runtime");
        return ResponseEntity.accepted().body(answer);
    }
}
