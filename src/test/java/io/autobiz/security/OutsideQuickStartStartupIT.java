package io.autobiz.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.AutoBizApplication;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an operator may get wrong when starting outside the quick start, and how the start-up refuses it, before
 * anything is migrated or created: with the quick start's profile mixed in, or without a configured administrator.
 */
@IntegrationInternal
class OutsideQuickStartStartupIT {

    @Test
    @DisplayName("P1-TASK-02 attack: the quickstart profile (demo logins, published key) cannot run with postgres or"
            + " production")
    void quickStartDoesNotMixWithPostgresOrProduction() {
        // production without postgres has no password policy of its own: admin/admin would log in.
        assertThat(startupFailure(Map.of(), "quickstart", "production", "it"))
                .contains("quickstart profile cannot be combined with production")
                .contains("--spring.profiles.active=postgres");
        assertThat(startupFailure(Map.of(), "postgres", "it", "production", "quickstart"))
                .contains("quickstart profile cannot be combined with postgres, production");
    }

    @Test
    @DisplayName("P1-TASK-02 attack: outside the quick start, no configured administrator stops the start-up and says"
            + " what to set")
    void noAdministratorNoStart() {
        assertThat(startupFailure(Map.of("autobiz.admin.user", "", "autobiz.admin.password", ""), "postgres", "it"))
                .contains("no administrator is configured")
                .contains("AUTOBIZ_ADMIN_USER")
                .contains("AUTOBIZ_ADMIN_PASSWORD");
        assertThat(startupFailure(Map.of("autobiz.admin.password", ""), "postgres", "it"))
                .as("a user without a password")
                .contains("AUTOBIZ_ADMIN_PASSWORD");
    }

    /**
     * Starts the application on a fresh database with {@code extra} as command-line arguments (so the profiles' own
     * settings do not win) and returns the messages of the failure's chain; fails if it starts, or if the refused
     * start left anything in the database.
     */
    private static String startupFailure(Map<String, String> extra, String... profiles) {
        TestDatabase database = TestPostgres.newDatabase();
        Map<String, String> properties = new HashMap<>(database.springProperties());
        properties.put("server.port", "0");
        properties.putAll(extra);
        String[] arguments = properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext started = new SpringApplicationBuilder(AutoBizApplication.class)
                .profiles(profiles)
                .run(arguments)) {
            throw new AssertionError("started with profiles " + String.join(",", profiles) + " and " + extra);
        } catch (RuntimeException failure) {
            assertThat(new JdbcTemplate(database.ownerDataSource())
                            .queryForObject(
                                    "select count(*) from information_schema.tables where table_schema = 'public'",
                                    Integer.class))
                    .as("refused before anything was migrated or created")
                    .isZero();
            StringBuilder messages = new StringBuilder();
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                messages.append(cause.getMessage()).append('\n');
            }
            return messages.toString();
        }
    }
}
