package io.autobiz.app.security;

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
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The first administrator outside the quick start, from {@code AUTOBIZ_ADMIN_USER} and {@code AUTOBIZ_ADMIN_PASSWORD}
 * ({@code autobiz.admin.*}). There is no default password: without both, no administrator is created and the log
 * says how to create one. The engine starter's own {@code camunda.bpm.admin-user} falls back to the user ID as the
 * password, so it is refused in every profile but the quick start.
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
    private final Environment environment;

    public AdminBootstrap(
            AdminProperties admin,
            IdentityService identity,
            AuthorizationService authorizations,
            Environment environment) {
        this.admin = admin;
        this.identity = identity;
        this.authorizations = authorizations;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean quickStart = environment.matchesProfiles("quickstart");
        if (!quickStart && environment.containsProperty("camunda.bpm.admin-user.id")) {
            throw new IllegalStateException("camunda.bpm.admin-user is for the quick start only (its password"
                    + " defaults to the user ID); set AUTOBIZ_ADMIN_USER and AUTOBIZ_ADMIN_PASSWORD instead");
        }
        if (isBlank(admin.user()) && isBlank(admin.password())) {
            if (!quickStart
                    && identity.createUserQuery()
                                    .memberOfGroup(Groups.CAMUNDA_ADMIN)
                                    .count()
                            == 0) {
                log.warn("no administrator exists; set AUTOBIZ_ADMIN_USER and AUTOBIZ_ADMIN_PASSWORD and restart"
                        + " to create one (docs/operations.md)");
            }
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
