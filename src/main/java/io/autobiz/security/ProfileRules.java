package io.autobiz.security;

import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What must hold before anything starts outside the quick start. Checked as a bean factory post-processor, i.e. once
 * every property source (arguments, environment, files) is in place and before any bean exists, so a refused start
 * has migrated, provisioned and created nothing:
 *
 * <ul>
 *   <li>the {@code quickstart} profile does not run together with {@code postgres} or {@code production}: it brings
 *       published logins, a published master key and the demo store, and is the default only when no profile is
 *       active;
 *   <li>outside the quick start an administrator is configured ({@code AUTOBIZ_ADMIN_USER} and
 *       {@code AUTOBIZ_ADMIN_PASSWORD}), because Camunda's first-administrator setup page is closed
 *       ({@link FirstAdministratorSetupClosed}) and nothing else could create one;
 *   <li>outside the quick start the engine starter's {@code camunda.bpm.admin-user} is not set: it would create a user
 *       whose password defaults to the user ID.
 * </ul>
 */
final class ProfileRules implements BeanFactoryPostProcessor {

    static final String QUICK_START = "quickstart";
    private static final List<String> OPERATED = List.of("postgres", "production");

    private final Environment environment;

    ProfileRules(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check();
    }

    void check() {
        if (environment.matchesProfiles(QUICK_START)) {
            List<String> mixed =
                    OPERATED.stream().filter(environment::matchesProfiles).toList();
            if (!mixed.isEmpty()) {
                throw new IllegalStateException("the quickstart profile cannot be combined with "
                        + String.join(", ", mixed) + ": it brings published logins (admin/admin), a published master"
                        + " key and the demo store. Start without it, e.g. --spring.profiles.active=postgres"
                        + " (quickstart is only the default when no profile is active)");
            }
            return;
        }
        Binder binder = Binder.get(environment);
        if (binder.bind("camunda.bpm.admin-user.id", String.class).isBound()) {
            throw new IllegalStateException("camunda.bpm.admin-user is for the quick start only (its password"
                    + " defaults to the user ID); set AUTOBIZ_ADMIN_USER and AUTOBIZ_ADMIN_PASSWORD instead");
        }
        AdminBootstrap.AdminProperties admin =
                binder.bindOrCreate("autobiz.admin", AdminBootstrap.AdminProperties.class);
        if (isBlank(admin.user()) || isBlank(admin.password())) {
            throw new IllegalStateException("no administrator is configured: set AUTOBIZ_ADMIN_USER and"
                    + " AUTOBIZ_ADMIN_PASSWORD (autobiz.admin.user, autobiz.admin.password). The administrator is"
                    + " created at the first start if missing, and the password must pass the engine's password policy;"
                    + " outside the quick start there is no default administrator and Camunda's setup page is closed"
                    + " (docs/operations.md)");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
