package io.autobiz.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Hygiene;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The infrastructure the integration tests stand on, checked first so a broken stack fails with a clear cause. */
@Hygiene
class LocalStackHealthIT {

    @Test
    @DisplayName("P1-H09 the test stack is healthy: PostgreSQL migrates as the owner and serves the application role")
    void postgresIsHealthy() throws Exception {
        TestDatabase database = TestPostgres.newDatabase().migrateAutoBizTables();
        try (Connection app = database.appDataSource().getConnection();
                Statement statement = app.createStatement();
                ResultSet rows = statement.executeQuery("select current_user, count(*) from tenants group by 1")) {
            assertThat(app.isValid(2)).isTrue();
            assertThat(rows.next()).as("no tenant context: no rows").isFalse();
        }
    }

    @Test
    @DisplayName("P1-H09 the test stack is healthy: Redis answers PING on loopback")
    void redisIsHealthy() {
        URI redis = TestRedis.uri();
        assertThat(TestRedis.answersPing(redis)).isTrue();
        assertThat(redis.getHost()).isIn("127.0.0.1", "localhost");
    }
}
