package io.autobiz.operations.resilience;

import io.autobiz.kernel.resilience.CircuitBreakers;
import io.autobiz.security.AdminApiAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/circuit-breakers} lists every breaker's state; {@code POST /admin/circuit-breakers/{dependency}/reset}
 * closes one on every node. Administrators only (the /admin filter); the reset names the administrator in the log.
 */
@RestController
class CircuitBreakerAdminController {

    private final CircuitBreakers breakers;

    CircuitBreakerAdminController(CircuitBreakers breakers) {
        this.breakers = breakers;
    }

    @GetMapping("/admin/circuit-breakers")
    Map<String, Object> states() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("breakers", breakers.states());
        answer.put("sharedStateReachable", !breakers.runningOnLocalState());
        return answer;
    }

    @PostMapping("/admin/circuit-breakers/{dependency}/reset")
    ResponseEntity<Map<String, Object>> reset(@PathVariable String dependency, HttpServletRequest request) {
        if (!breakers.states().containsKey(dependency)) {
            return ResponseEntity.status(404)
                    .body(Map.of("error", "unknown_dependency", "message", "no breaker for that dependency"));
        }
        String admin = String.valueOf(request.getAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE));
        breakers.reset(dependency, admin);
        return ResponseEntity.ok(Map.of("dependency", dependency, "state", breakers.stateOf(dependency)));
    }
}
