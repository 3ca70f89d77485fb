package io.autobiz.engine.db;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@IntegrationInternal
class DatabaseRoleGuardIT {

    @Test
    @DisplayName("P1-T31 the application refuses to run as the tables' owner; the role that owns nothing passes")
    void ownerRoleIsRefusedAtRunTime() {
        TestDatabase database = TestPostgres.newDatabase().migrateAutoBizTables();

        assertThatCode(() -> DatabaseRoleGuard.check(database.appDataSource())).doesNotThrowAnyException();
        assertThatThrownBy(() -> DatabaseRoleGuard.check(database.ownerDataSource()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TestPostgres.OWNER_ROLE)
                .hasMessageContaining("owns")
                .hasMessageContaining("row-level security would not confine it");
    }
}
