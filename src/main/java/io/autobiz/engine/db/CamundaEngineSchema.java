package io.autobiz.engine.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Migration V1: the Camunda 7.24 engine schema, from the create scripts inside the engine's own jar, so the engine's
 * tables have the same owner, history and downgrade story as AutoBiz's (docs/database.md). The engine itself is
 * configured never to touch its schema ({@code camunda.bpm.database.schema-update=false}).
 *
 * <p>Upgrading Camunda later is a new migration that runs the engine's upgrade scripts the same way.
 */
@Component
public class CamundaEngineSchema implements JavaMigration {

    private static final List<String> PARTS = List.of(
            "engine", "history", "identity", "case.engine", "case.history", "decision.engine", "decision.history");

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("1");
    }

    @Override
    public String getDescription() {
        return "camunda engine 7.24 schema";
    }

    /** Changes when the engine's scripts change, so a silently different engine schema fails Flyway's validation. */
    @Override
    public Integer getChecksum() {
        List<String> scripts = new java.util.ArrayList<>();
        for (String database : List.of("postgres", "h2")) {
            for (String part : PARTS) {
                scripts.add(script(database, part));
            }
        }
        return checksumOf(scripts);
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        String database = databaseType(connection);
        for (String part : PARTS) {
            execute(connection, script(database, part));
        }
    }

    /** CRC32 over the scripts' text, in order: a migration's checksum that changes when one of its scripts does. */
    static int checksumOf(List<String> resources) {
        CRC32 crc = new CRC32();
        for (String resource : resources) {
            try {
                crc.update(read(resource).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return (int) crc.getValue();
    }

    /** Runs each statement of a script on the classpath ({@link #statements}). */
    static void execute(Connection connection, String resource) throws IOException, SQLException {
        for (String statement : statements(read(resource))) {
            try (Statement jdbc = connection.createStatement()) {
                jdbc.execute(statement);
            }
        }
    }

    /**
     * The downgrade of V1 (docs/database.md): the engine's own drop scripts, in the reverse order of creation. Each is
     * in the engine jar, e.g. {@code unzip -p camunda-engine-7.24.0.jar <path> | psql}.
     */
    public static List<String> dropScripts(String database) {
        List<String> reversed = new java.util.ArrayList<>(PARTS);
        java.util.Collections.reverse(reversed);
        return reversed.stream()
                .map(part -> "org/camunda/bpm/engine/db/drop/activiti." + database + ".drop." + part + ".sql")
                .toList();
    }

    private static String script(String database, String part) {
        return "org/camunda/bpm/engine/db/create/activiti." + database + ".create." + part + ".sql";
    }

    static String databaseType(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return "postgres";
        }
        if (product.contains("h2")) {
            return "h2";
        }
        throw new IllegalStateException("AutoBiz runs on PostgreSQL or H2, not on " + product);
    }

    static String read(String resource) throws IOException {
        try (InputStream in = CamundaEngineSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the engine jar has no " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The engine's scripts are plain DDL: statements end with ';', comments start a line with '--'. */
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        return Arrays.stream(withoutComments.toString().split(";"))
                .map(String::trim)
                .filter(statement -> !statement.isEmpty())
                .toList();
    }
}
