package io.autobiz.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The first administrator outside the quick start, from {@code AUTOBIZ_ADMIN_USER} and {@code AUTOBIZ_ADMIN_PASSWORD}
 * ({@code autobiz.admin.*}), created at start-up if that user does not exist yet. There is no default password: without
 * both the start-up is refused ({@link ProfileRules}), and so is the engine starter's own
 * {@code camunda.bpm.admin-user}, which falls back to the user ID as the password. The quick start's admin comes from
 * that starter property.
 */
@Component
@Order(5)
public class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    /**
     * @param user the administrator's login
     * @param password its password, checked against the engine's password policy
     */
    @ConfigurationProperties("autobiz.admin")
    public record AdminProperties(String user, String password) {}

    private final AdminProperties admin;
    private final IdentityService identity;
    private final AuthorizationService authorizations;

    public AdminBootstrap(AdminProperties admin, IdentityService identity, AuthorizationService authorizations) {
        this.admin = admin;
        this.identity = identity;
        this.authorizations = authorizations;
    }

    @Override
    public void run(ApplicationArguments args) {
        // Outside the quick start ProfileRules has made sure both are set before anything started.
        if (isBlank(admin.user()) && isBlank(admin.password())) {
            return;
        }
        if (isBlank(admin.user()) || isBlank(admin.password())) {
            throw new IllegalStateException("set both AUTOBIZ_ADMIN_USER and AUTOBIZ_ADMIN_PASSWORD, or neither");
        }
        if (identity.createUserQuery().userId(admin.user()).count() > 0) {
            return;
        }
        PasswordPolicyResult policy = identity.checkPasswordAgainstPolicy(admin.password());
        if (!policy.isValid()) {
            throw new IllegalStateException("AUTOBIZ_ADMIN_PASSWORD does not meet the password policy: "
                    + policy.getViolatedRules().stream()
                            .map(rule -> rule.getPlaceholder())
                            .toList());
        }
        User user = identity.newUser(admin.user());
        user.setFirstName("AutoBiz");
        user.setLastName("Administrator");
        user.setPassword(admin.password());
        identity.saveUser(user);
        if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
            var group = identity.newGroup(Groups.CAMUNDA_ADMIN);
            group.setName("camunda BPM Administrators");
            group.setType(Groups.GROUP_TYPE_SYSTEM);
            identity.saveGroup(group);
            grantAdminGroupEverything();
        }
        identity.createMembership(admin.user(), Groups.CAMUNDA_ADMIN);
        log.info("administrator '{}' created", admin.user());
    }

    private void grantAdminGroupEverything() {
        for (Resources resource : Resources.values()) {
            Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
            authorization.setGroupId(Groups.CAMUNDA_ADMIN);
            authorization.setResource(resource);
            authorization.setResourceId(Authorization.ANY);
            authorization.addPermission(Permissions.ALL);
            authorizations.saveAuthorization(authorization);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
