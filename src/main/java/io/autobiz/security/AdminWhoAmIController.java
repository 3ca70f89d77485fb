package io.autobiz.security;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/whoami}: lets an operator check their admin credentials before using the admin API. */
@RestController
class AdminWhoAmIController {

    @GetMapping("/admin/whoami")
    Map<String, String> whoami(@RequestAttribute(AdminApiAuthentication.ADMIN_ATTRIBUTE) String admin) {
        return Map.of("admin", admin);
    }
}
