package io.autobiz.sandbox;

import io.autobiz.kernel.credential.CredentialScoper;
import io.autobiz.tenancy.TenantProperties;
import io.autobiz.tenancy.TenantSettings;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * For the sandbox providers' tests: an in-memory H2 database migrated as the quick start's is (so the sandbox's
 * tables are V67's), and by default one store, {@value #STORE}, with Printful store {@value #PRINTFUL_STORE} and the
 * keys {@link #KEYS}.
 */
public final class SandboxDatabase {

    public static final String STORE = "demo-store";
    public static final String PRINTFUL_STORE = "7001";
    public static final Map<String, String> KEYS = Map.of(
            "stripe.api_key", "sk_test_sandbox_fake",
            "shopify.access_token", "shpat_sandbox_fake",
            "sendgrid.api_key", "SG.sandbox_fake",
            "slack.bot_token", "xoxb-sandbox-fake",
            "printful.webhook_secret", "printful-sandbox-fake");

    private final DriverManagerDataSource dataSource;
    private final TenantProperties tenants;
    private final CredentialScoper credentials;

    public SandboxDatabase() {
        this(
                new TenantProperties(Map.of(
                        STORE,
                        new TenantSettings(
                                "Demo Store",
                                "demo-store.myshopify.com",
                                PRINTFUL_STORE,
                                Map.of(),
                                "orders@example.com",
                                Map.of(),
                                Map.of()))),
                KEYS);
    }

    /** For stores of its own, each with the same {@code keys}. */
    public SandboxDatabase(TenantProperties tenants, Map<String, String> keys) {
        String url = "jdbc:h2:mem:sandbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure()
                .dataSource(url, "sa", "")
                .locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load()
                .migrate();
        dataSource = new DriverManagerDataSource(url, "sa", "");
        this.tenants = tenants;
        credentials = new CredentialScoper(
                (tenant, name) -> tenants.tenants().containsKey(tenant.value())
                        ? Optional.ofNullable(keys.get(name))
                        : Optional.empty(),
                access -> {},
                incident -> {});
    }

    public SandboxObjects objects() {
        return new SandboxObjects(dataSource, new DataSourceTransactionManager(dataSource), tenants);
    }

    public SandboxAccounts accounts() {
        return new SandboxAccounts(tenants, credentials);
    }

    public CredentialScoper credentials() {
        return credentials;
    }
}
