package io.autobiz.demo;

import io.autobiz.tenancy.TenantProvisioning;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The demo store's approver, a member of the store's approvers group; after the store itself is provisioned. */
@Component
@Order(20)
@ConditionalOnProperty(name = "autobiz.demo.enabled", havingValue = "true")
class DemoStoreSetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoStoreSetup.class);

    private final DemoProperties demo;
    private final IdentityService identity;

    DemoStoreSetup(DemoProperties demo, IdentityService identity) {
        this.demo = demo;
        this.identity = identity;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (demo.approverPassword() == null || demo.approverPassword().isBlank()) {
            throw new IllegalStateException("autobiz.demo.approver-password must be set when the demo is enabled");
        }
        String userId = demo.approver();
        if (identity.createUserQuery().userId(userId).count() == 0) {
            User user = identity.newUser(userId);
            user.setFirstName("Demo");
            user.setLastName("Approver");
            user.setEmail(userId + "@example.com");
            user.setPassword(demo.approverPassword());
            identity.saveUser(user);
            identity.createMembership(userId, TenantProvisioning.approversGroup(demo.tenant()));
            identity.createTenantUserMembership(demo.tenant(), userId);
        }
        log.info("demo store '{}' ready: approver login '{}' (quick start only)", demo.tenant(), userId);
    }
}
