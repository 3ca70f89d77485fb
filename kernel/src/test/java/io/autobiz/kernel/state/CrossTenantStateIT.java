package io.autobiz.kernel.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.RunContext;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantDataAccessException;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * INV-06 negative tests at the state manager (the kernel's step 11), on PostgreSQL under the application role with
 * row-level security: a run of one store writes no state version of another store's entity, neither by naming it nor
 * by knowing its version. The table-level attacks (insert, update, delete of another tenant's {@code state_versions}
 * rows in SQL) are {@code RowLevelSecurityAttackIT}'s; the database's entity-prefix check is {@code
 * EntityNamespaceConstraintIT}'s; same-store conflicts are {@code EvidenceIT}'s P1-T14.
 */
@IntegrationInternal
class CrossTenantStateIT {

    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");
    private static final String PAID = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":\"paid\"}]";
    private static final String REFUNDED = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"refunded\"}]";
    /** PostgreSQL's check_violation: the entity-prefix constraint of {@code state_versions}. */
    private static final String CHECK_VIOLATION = "23514";

    private static TenantJdbc jdbc;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private JdbcStates states;
    private String globexOrder;

    @BeforeAll
    static void migrate() {
        jdbc = new TenantJdbc(TestPostgres.newDatabase().migrateAutoBizTables().appDataSource());
    }

    @BeforeEach
    void globexHasAnOrderAtVersionOne() {
        states = new JdbcStates(jdbc, meters, Clock.systemUTC());
        globexOrder = "globex:order:" + unique();
        states.apply(run(GLOBEX), globexOrder, 0, Json.parse(PAID));
    }

    @Test
    @DisplayName("P1-T06-NEG-foreign-entity INV-06 a run of acme cannot write the first state version of a globex"
            + " entity: the database refuses it and neither store holds it")
    void aForeignEntityCannotBeWritten() {
        // A patch that applies to "no state yet", which is what acme sees of it.
        assertThatThrownBy(() -> states.apply(run(ACME), globexOrder, 0, Json.parse(PAID)))
                .isInstanceOf(TenantDataAccessException.class)
                .cause()
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(CHECK_VIOLATION));

        assertThat(states.history(ACME, globexOrder))
                .as("nothing stored under acme")
                .isEmpty();
        assertThat(states.history(GLOBEX, globexOrder))
                .as("globex's entity is untouched")
                .singleElement()
                .satisfies(v -> assertThat(v.state().path("status").asText()).isEqualTo("paid"));
    }

    @Test
    @DisplayName("P1-T06-NEG-foreign-version INV-06 knowing a globex entity's version does not let acme write the"
            + " next one: acme does not see that version, so the write is a version conflict and nothing is stored")
    void aForeignVersionIsNotVisible() {
        assertThat(states.current(ACME, globexOrder))
                .as("acme sees no version of it")
                .isEmpty();

        assertThatThrownBy(() -> states.apply(run(ACME), globexOrder, 1, Json.parse(REFUNDED)))
                .asInstanceOf(type(KernelError.class))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT));

        assertThat(states.current(GLOBEX, globexOrder).orElseThrow().version()).isEqualTo(1);
        assertThat(meters.counter("state_conflict_total").count()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-T06-NEG-foreign-replace INV-06 replacing a globex entity's whole state from an acme run is refused"
            + " like a patch; globex's state stays as it was")
    void aForeignStateCannotBeReplaced() {
        assertThatThrownBy(() ->
                        states.replace(run(ACME), globexOrder, Json.object().put("status", "cancelled")))
                .isInstanceOf(TenantDataAccessException.class);

        assertThat(states.current(GLOBEX, globexOrder)
                        .orElseThrow()
                        .state()
                        .path("status")
                        .asText())
                .isEqualTo("paid");
    }

    @Test
    @DisplayName("P1-T06-NEG-stale-version INV-06 the same order number in two stores has two version lines: a stale"
            + " write in one store is a conflict there and moves neither line")
    void versionLinesAreSeparatePerStore() {
        String number = globexOrder.substring("globex:order:".length());
        String acmeOrder = "acme:order:" + number;
        states.apply(run(ACME), acmeOrder, 0, Json.parse(PAID));
        states.apply(run(ACME), acmeOrder, 1, Json.parse(REFUNDED));

        assertThatThrownBy(() -> states.apply(run(GLOBEX), globexOrder, 0, Json.parse(PAID)))
                .as("globex's own line is at 1, whatever acme's is")
                .asInstanceOf(type(KernelError.class))
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE_CONFLICT));

        assertThat(states.current(ACME, acmeOrder).orElseThrow().version()).isEqualTo(2);
        assertThat(states.current(GLOBEX, globexOrder).orElseThrow().version()).isEqualTo(1);
    }

    private static RunContext run(TenantId tenant) {
        String id = "run-" + unique();
        return new RunContext(tenant, id, "corr-" + id, "workflow:test", "test");
    }

    private static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
