package io.autobiz.sandbox;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /sandbox/faults}: the fault settings and the faults this node injected, by provider and kind. */
@RestController
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
class SandboxFaultsController {

    private final SandboxFaults faults;

    SandboxFaultsController(SandboxFaults faults) {
        this.faults = faults;
    }

    @GetMapping("/sandbox/faults")
    Map<String, Object> faults() {
        return faults.report();
    }
}
