package io.autobiz.testsupport;

import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One fresh test database. Tests migrate it as the owner and use it as the application role, the same split as in
 * production (docs/architecture.md, "Tenancy").
 */
public final class TestDatabase {

    private final String name;
    private final String url;
    private final Path repositoryRoot;

    TestDatabase(String name, String url, Path repositoryRoot) {
        this.name = name;
        this.url = url;
        this.repositoryRoot = repositoryRoot;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public DataSource ownerDataSource() {
        return dataSource(TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
    }

    public DataSource appDataSource() {
        return dataSource(TestPostgres.APP_ROLE, TestPostgres.APP_PASSWORD);
    }

    /**
     * Applies AutoBiz's own SQL migrations (common and PostgreSQL) as the owner, with the application role as
     * {@code app_role}. The engine's schema (a Java migration of the application) is not part of these.
     *
     * @param extraLocations test-only migrations to apply as well (Flyway location syntax)
     */
    public TestDatabase migrateAutoBizTables(String... extraLocations) {
        String[] locations = new String[extraLocations.length + 2];
        locations[0] = location("common");
        locations[1] = location("postgresql");
        System.arraycopy(extraLocations, 0, locations, 2, extraLocations.length);
        Flyway.configure()
                .dataSource(url, TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD)
                .locations(locations)
                .placeholders(Map.of("app_role", TestPostgres.APP_ROLE))
                .load()
                .migrate();
        return this;
    }

    /**
     * The Spring properties that point the application at this database, owner for Flyway, app role at run time. The
     * pool is small: test servers are shared, and PostgreSQL allows 100 connections by default.
     */
    public Map<String, String> springProperties() {
        return Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", TestPostgres.APP_ROLE,
                "spring.datasource.password", TestPostgres.APP_PASSWORD,
                "spring.datasource.hikari.maximum-pool-size", "6",
                "spring.datasource.hikari.minimum-idle", "1",
                "spring.flyway.url", url,
                "spring.flyway.user", TestPostgres.OWNER_ROLE,
                "spring.flyway.password", TestPostgres.OWNER_PASSWORD,
                "spring.flyway.placeholders.app_role", TestPostgres.APP_ROLE);
    }

    private String location(String folder) {
        return "filesystem:" + repositoryRoot.resolve("db/migration").resolve(folder);
    }

    private DataSource dataSource(String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }
}
