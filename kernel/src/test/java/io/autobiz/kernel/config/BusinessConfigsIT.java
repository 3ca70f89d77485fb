package io.autobiz.kernel.config;

import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.MutableClock;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Storing, replacing and serving configs on PostgreSQL as the application role. */
@IntegrationInternal
class BusinessConfigsIT {

    private static TestDatabase database;

    @BeforeAll
    static void migrate() {
        database = TestPostgres.newDatabase().migrateAutoBizTables();
    }

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<ToolContract> catalog = List.of(aCaptureContract().build());

    private BusinessConfigs configs() {
        return new BusinessConfigs(
                new JdbcConfigVersions(new TenantJdbc(database.appDataSource()), clock),
                new BusinessConfigParser(),
                new BusinessConfigValidator(),
                () -> catalog,
                List::of,
                meters,
                clock,
                Duration.ofSeconds(5));
    }

    private static String yaml(String tenant, long maxSteps) {
        return """
                tenant: %s
                approvers: %s-approvers
                tools: [test.payment.capture]
                permissions: [{principal: 'workflow:*', tools: ['test.*'], scopes: ['payments:*']}]
                bounds: {maxSteps: %d, maxTime: PT1H, maxTokens: 100, maxToolCalls: 10, maxMoneyAtRisk: 1000}
                budgets: {maxMoneyAtRiskPerDay: 5000}
                """.formatted(tenant, tenant, maxSteps);
    }

    @Test
    @DisplayName(
            "P1-T28 a valid config is stored as a new version and becomes active; the same text again stores nothing")
    void acceptsAndVersions() {
        BusinessConfigs configs = configs();
        TenantId shop = TenantId.of("versions");

        BusinessConfigs.Outcome first = configs.propose(shop, yaml("versions", 10), "ADMIN_API", "ops");
        BusinessConfigs.Outcome again = configs.propose(shop, yaml("versions", 10), "ADMIN_API", "ops");
        BusinessConfigs.Outcome second = configs.propose(shop, yaml("versions", 20), "ADMIN_API", "ops");

        assertThat(first.accepted())
                .hasValueSatisfying(active -> assertThat(active.version()).isEqualTo(1));
        assertThat(again.accepted())
                .hasValueSatisfying(active -> assertThat(active.version()).isEqualTo(1));
        assertThat(second.accepted())
                .hasValueSatisfying(active -> assertThat(active.version()).isEqualTo(2));
        assertThat(configs.activeFor(shop).orElseThrow().config().bounds().maxSteps())
                .isEqualTo(20);
        assertThat(meters.counter("config_validation_pass_total", "tenant", "versions")
                        .count())
                .isEqualTo(3.0);
    }

    @Test
    @DisplayName("P1-T29 an invalid config is refused with every violation and changes nothing")
    void refusesAndKeepsTheActiveOne() {
        BusinessConfigs configs = configs();
        TenantId shop = TenantId.of("refuses");
        configs.propose(shop, yaml("refuses", 10), "FILE", "startup");

        BusinessConfigs.Outcome outcome = configs.propose(
                shop, yaml("refuses", 0).replace("approvers: refuses-approvers\n", ""), "ADMIN_API", "ops");

        assertThat(outcome.isAccepted()).isFalse();
        assertThat(outcome.violations()).extracting(ConfigViolation::code).containsExactly("CONFIG_SYNTAX", "CC-02");
        assertThat(configs.activeFor(shop).orElseThrow().version()).isEqualTo(1);
        assertThat(meters.counter("config_validation_fail_total", "tenant", "refuses")
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    @DisplayName("P1-T28 a config written for another store is refused")
    void otherStoresConfig() {
        assertThat(configs()
                        .propose(TenantId.of("mine"), yaml("theirs", 10), "ADMIN_API", "ops")
                        .violations())
                .extracting(ConfigViolation::where)
                .containsExactly("tenant");
    }

    @Test
    @DisplayName(
            "P1-T28 a file is applied when its text is new; an admin replacement survives a restart with the old file")
    void fileImportSemantics() {
        TenantId shop = TenantId.of("files");
        configs().importFile(shop, yaml("files", 10));
        configs().propose(shop, yaml("files", 30), "ADMIN_API", "ops");

        configs().importFile(shop, yaml("files", 10));
        assertThat(configs().activeFor(shop).orElseThrow().config().bounds().maxSteps())
                .isEqualTo(30);

        configs().importFile(shop, yaml("files", 40));
        assertThat(configs().activeFor(shop).orElseThrow().config().bounds().maxSteps())
                .isEqualTo(40);
    }

    @Test
    @DisplayName("P1-T28 another node sees a replacement once its cached config is older than the refresh interval")
    void otherNodesRefresh() {
        TenantId shop = TenantId.of("nodes");
        BusinessConfigs nodeA = configs();
        BusinessConfigs nodeB = configs();
        nodeA.propose(shop, yaml("nodes", 10), "FILE", "startup");
        assertThat(nodeB.activeFor(shop).orElseThrow().version()).isEqualTo(1);

        nodeA.propose(shop, yaml("nodes", 11), "ADMIN_API", "ops");
        assertThat(nodeB.activeFor(shop).orElseThrow().version()).as("cached").isEqualTo(1);
        clock.advance(Duration.ofSeconds(6));
        assertThat(nodeB.activeFor(shop).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    @DisplayName("P1-T31 a store's configs are invisible to another store")
    void tenantScoped() {
        configs().propose(TenantId.of("seen"), yaml("seen", 10), "FILE", "startup");

        assertThat(configs().activeFor(TenantId.of("unseen"))).isEmpty();
    }
}
