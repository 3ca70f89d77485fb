package io.autobiz.engine.db;

import java.sql.Connection;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration V79: indexes on the value of the engine's runtime and historic variables, so that finding a run by a
 * variable ({@code orderId}, {@code printfulOrderId}) does not read every variable of that name (the script says why
 * and how). It changes the engine's tables, so it runs where V1 ({@link CamundaEngineSchema}) does: with the
 * application, not in the modules' tests that migrate AutoBiz's own tables without the engine. Its SQL is in
 * {@code db/engine/<database>/}, outside the folders Flyway scans; its downgrade in {@code db/undo/<database>/U79}.
 */
@Component
public class EngineVariableIndexes implements JavaMigration {

    static final String VERSION = "79";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(VERSION);
    }

    @Override
    public String getDescription() {
        return "engine variable value indexes";
    }

    @Override
    public Integer getChecksum() {
        return CamundaEngineSchema.checksumOf(List.of(script("postgresql"), script("h2")));
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        String database = CamundaEngineSchema.databaseType(connection).equals("postgres") ? "postgresql" : "h2";
        CamundaEngineSchema.execute(connection, script(database));
    }

    /** The migration's script for {@code database} ({@code postgresql} or {@code h2}), on the classpath. */
    static String script(String database) {
        return "db/engine/" + database + "/V" + VERSION + "__variable_value_indexes.sql";
    }
}
