package io.autobiz.kernel.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.tenant.SecurityIncident;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.testing.stage.IntegrationInternal;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The encrypted credential store on PostgreSQL, as the application role under row-level security. */
@IntegrationInternal
class JdbcSecretSourceIT {

    private static final AtomicInteger STORES = new AtomicInteger();
    /** Test-only master keys: 32 readable bytes each, nothing like a real key. */
    private static final byte[] OLD_KEY = "test-only-master-key-old-000000!".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] NEW_KEY = "test-only-master-key-new-111111!".getBytes(StandardCharsets.US_ASCII);

    private static TenantJdbc jdbc;

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    /** Two stores of this test's own, so the tests share one database without seeing each other's rows. */
    private final TenantId acme = TenantId.of("acme-" + STORES.incrementAndGet());

    private final TenantId globex = TenantId.of("globex-" + STORES.get());

    @BeforeAll
    static void migrate() {
        TestDatabase database = TestPostgres.newDatabase().migrateAutoBizTables();
        jdbc = new TenantJdbc(database.appDataSource());
    }

    private JdbcSecretSource storeWith(KeyRing keys) {
        return new JdbcSecretSource(jdbc, new SecretBox(keys), keys, clock);
    }

    private static KeyRing oldKeyOnly() {
        return KeyRing.of(Map.of("test-old", OLD_KEY), "test-old");
    }

    @Test
    @DisplayName("P1-T32 a secret is stored encrypted with AES-256-GCM under a key ID, and read back in its store only")
    void encryptedAtRest() {
        JdbcSecretSource store = storeWith(oldKeyOnly());

        SecretMetadata stored = store.rotate(acme, "stripe.api_key", "sk_test_fake_at_rest_check", "ops");

        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.keyId()).isEqualTo("test-old");
        String ciphertext = ciphertextOf(acme, "stripe.api_key");
        assertThat(ciphertext).startsWith("v1:test-old:").doesNotContain("sk_test_fake_at_rest_check");
        assertThat(store.find(acme, "stripe.api_key")).contains("sk_test_fake_at_rest_check");
        assertThat(store.find(globex, "stripe.api_key")).isEmpty();
        assertThat(store.list(globex))
                .as("row-level security hides other stores' secrets")
                .isEmpty();
        assertThat(store.list(acme)).extracting(SecretMetadata::name).containsExactly("stripe.api_key");
    }

    @Test
    @DisplayName("P1-T32 rotation replaces the value, counts the version up and is audited without the value")
    void rotationIsVersionedAndAudited() {
        JdbcSecretSource store = storeWith(oldKeyOnly());
        store.rotate(acme, "printful.token", "fake-printful-token-v1", "ops");

        SecretMetadata rotated = store.rotate(acme, "printful.token", "fake-printful-token-v2", "security-officer");

        assertThat(rotated.version()).isEqualTo(2);
        assertThat(rotated.rotatedBy()).isEqualTo("security-officer");
        assertThat(store.find(acme, "printful.token")).contains("fake-printful-token-v2");
        assertThat(auditOf(acme))
                .containsExactly("printful.token|ops|ROTATED", "printful.token|security-officer|ROTATED")
                .noneMatch(row -> row.contains("fake-printful-token"));
    }

    @Test
    @DisplayName("P1-T32 P1-T-RK06c a ciphertext copied into another store's row does not open there: CROSS_TENANT")
    void copiedCiphertextIsRefused() {
        JdbcSecretSource store = storeWith(oldKeyOnly());
        store.rotate(acme, "stripe.api_key", "sk_test_fake_acme_only", "ops");
        String acmeCiphertext = ciphertextOf(acme, "stripe.api_key");
        plantRow(globex, "stripe.api_key", acmeCiphertext);
        plantRow(acme, "sendgrid.api_key", acmeCiphertext);

        assertThatThrownBy(() -> store.find(globex, "stripe.api_key"))
                .isInstanceOf(CredentialRefusedException.class)
                .hasMessageNotContaining("sk_test_fake_acme_only");
        assertThatThrownBy(() -> store.find(acme, "sendgrid.api_key"))
                .as("nor under another name of the same store")
                .isInstanceOf(CredentialRefusedException.class);

        List<SecurityIncident> incidents = new CopyOnWriteArrayList<>();
        List<CredentialAccess> audit = new CopyOnWriteArrayList<>();
        CredentialScoper scoper = new CredentialScoper(store, audit::add, incidents::add);
        assertThatThrownBy(() ->
                        scoper.scopeFor(globex, "stripe", "workflow:refund").require("api_key"))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> assertThat(error.code()).isEqualTo(ErrorCode.CROSS_TENANT));
        assertThat(incidents).singleElement().satisfies(incident -> {
            assertThat(incident.tenant()).isEqualTo(globex);
            assertThat(incident.channel()).isEqualTo(SecurityIncident.Channel.CREDENTIAL);
        });
        assertThat(audit).extracting(CredentialAccess::action).containsExactly(CredentialAccess.Action.REFUSED);
    }

    @Test
    @DisplayName("P1-T32 master key rotation: old values stay readable, re-encryption moves them to the new key")
    void masterKeyRotation() {
        storeWith(oldKeyOnly()).rotate(acme, "stripe.api_key", "sk_test_fake_survives_rotation", "ops");
        KeyRing both = KeyRing.of(Map.of("test-old", OLD_KEY, "test-new", NEW_KEY), "test-new");
        JdbcSecretSource rotating = storeWith(both);

        assertThat(rotating.find(acme, "stripe.api_key")).contains("sk_test_fake_survives_rotation");
        assertThat(rotating.reencrypt(acme, "ops")).isEqualTo(1);
        assertThat(rotating.reencrypt(acme, "ops")).as("nothing left to move").isZero();

        assertThat(ciphertextOf(acme, "stripe.api_key")).startsWith("v1:test-new:");
        assertThat(rotating.list(acme)).singleElement().satisfies(secret -> {
            assertThat(secret.keyId()).isEqualTo("test-new");
            assertThat(secret.version()).as("the value did not change").isEqualTo(1);
        });
        JdbcSecretSource newKeyOnly = storeWith(KeyRing.of(Map.of("test-new", NEW_KEY), "test-new"));
        assertThat(newKeyOnly.find(acme, "stripe.api_key")).contains("sk_test_fake_survives_rotation");
        assertThatThrownBy(() -> storeWith(oldKeyOnly()).find(acme, "stripe.api_key"))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CREDENTIAL_MISSING);
                    assertThat(error.getMessage()).contains("test-new").contains("not loaded");
                });
        assertThat(auditOf(acme)).contains("stripe.api_key|ops|RE_ENCRYPTED");
    }

    @Test
    @DisplayName("P1-T32 importing configured secrets never overwrites a stored (rotated) one")
    void importNeverOverwrites() {
        JdbcSecretSource store = storeWith(oldKeyOnly());
        store.rotate(acme, "stripe.api_key", "sk_test_fake_rotated_by_admin", "ops");

        assertThat(store.importIfAbsent(acme, "stripe.api_key", "sk_test_fake_from_config", "config-import"))
                .isFalse();
        assertThat(store.importIfAbsent(acme, "printful.token", "fake-printful-from-config", "config-import"))
                .isTrue();

        assertThat(store.find(acme, "stripe.api_key")).contains("sk_test_fake_rotated_by_admin");
        assertThat(store.find(acme, "printful.token")).contains("fake-printful-from-config");
        assertThat(auditOf(acme)).contains("printful.token|config-import|IMPORTED");
    }

    @Test
    @DisplayName("P1-T32 a blank or oversized value, or a malformed name, is refused and stores nothing")
    void badInputStoresNothing() {
        JdbcSecretSource store = storeWith(oldKeyOnly());

        assertThatThrownBy(() -> store.rotate(acme, "stripe.api_key", " ", "ops"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.rotate(acme, "stripe.api_key", "x".repeat(8193), "ops"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.rotate(acme, "../etc", "value", "ops"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list(acme)).isEmpty();
    }

    private static String ciphertextOf(TenantId tenant, String name) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select ciphertext from tenant_secrets where tenant_id = ? and name = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, name);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

    /** What someone with write access to the table could do: put a ciphertext into another row. */
    private static void plantRow(TenantId tenant, String name, String ciphertext) {
        jdbc.inNewTransaction(tenant, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into tenant_secrets (tenant_id, name,"
                            + " version, ciphertext, key_id, rotated_by, rotated_at) values (?, ?, 1, ?, ?, 'planted', now())")) {
                insert.setString(1, tenant.value());
                insert.setString(2, name);
                insert.setString(3, ciphertext);
                insert.setString(4, SecretBox.keyIdOf(ciphertext));
                return insert.executeUpdate();
            }
        });
    }

    private static List<String> auditOf(TenantId tenant) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                            "select secret_name || '|' || principal || '|' || action from credential_audit order by id");
                    ResultSet rows = select.executeQuery()) {
                List<String> lines = new ArrayList<>();
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
                return lines;
            }
        });
    }
}
