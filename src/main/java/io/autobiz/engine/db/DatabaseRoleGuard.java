package io.autobiz.engine.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Refuses to run on PostgreSQL as a role that row-level security would not confine: a superuser, a role with
 * {@code BYPASSRLS}, or one that owns tables (an owner can switch RLS off). The application must log in as the role
 * that owns nothing; only Flyway uses the owner, at start-up. Checked once, before anything else runs.
 */
@Component
@Order(1)
public class DatabaseRoleGuard implements ApplicationRunner {

    private final DataSource dataSource;

    public DatabaseRoleGuard(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void run(ApplicationArguments args) throws SQLException {
        check(dataSource);
    }

    /** @throws IllegalStateException naming the role and what is wrong with it */
    public static void check(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return; // H2, the quick start: no row-level security to escape
            }
            List<String> problems = new ArrayList<>();
            String role;
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select r.rolname, r.rolsuper, r.rolbypassrls,"
                            + " (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                            + " where c.relowner = r.oid and n.nspname = current_schema() and c.relkind in ('r', 'p'))"
                            + " from pg_roles r where r.rolname = current_user")) {
                rows.next();
                role = rows.getString(1);
                if (rows.getBoolean(2)) {
                    problems.add("is a superuser");
                }
                if (rows.getBoolean(3)) {
                    problems.add("has BYPASSRLS");
                }
                if (rows.getLong(4) > 0) {
                    problems.add("owns " + rows.getLong(4) + " table(s)");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the application is connected to PostgreSQL as '" + role + "', which "
                        + String.join(" and ", problems) + ": row-level security would not confine it. Log in as"
                        + " the application role that owns nothing (AUTOBIZ_DB_APP_USER) and let only Flyway use the"
                        + " owner (docs/operations.md)");
            }
        }
    }
}
