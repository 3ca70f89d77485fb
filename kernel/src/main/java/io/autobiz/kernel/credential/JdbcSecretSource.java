package io.autobiz.kernel.credential;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores' secrets encrypted at rest in {@code tenant_secrets} (the default {@link SecretSource}). Each value is sealed
 * with AES-256-GCM under the current master key ({@link SecretBox}); the associated data binds it to its store and
 * name, so a ciphertext copied to another store's row, or to another secret, does not open there. Master keys come
 * from outside the database ({@link KeyRing}); the table holds only ciphertext and the ID of the key that opens it.
 *
 * <p>Rows are read and written in the store's tenant context, so row-level security hides every other store's
 * secrets as well. Only the current value of a secret is kept: a rotation replaces it.
 */
@KernelApi
public final class JdbcSecretSource implements SecretSource {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_VALUE_LENGTH = 8192;

    private final TenantJdbc jdbc;
    private final SecretBox box;
    private final KeyRing keys;
    private final Clock clock;

    public JdbcSecretSource(TenantJdbc jdbc, SecretBox box, KeyRing keys, Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.keys = keys;
        this.clock = clock;
    }

    /** What the ciphertext is bound to: the table, the store and the secret's name. */
    static String associatedData(TenantId tenant, String name) {
        return "autobiz/tenant_secrets/" + tenant.value() + "/" + name;
    }

    /**
     * The secret's value, or empty when the store has none by that name.
     *
     * @throws CredentialRefusedException when the stored value does not open for this store and name
     * @throws KernelError {@code CREDENTIAL_MISSING} when the value is sealed with a master key that is not loaded
     */
    @Override
    public Optional<String> find(TenantId tenant, String name) {
        SecretName.require(name);
        Optional<String> sealed = jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select ciphertext from tenant_secrets where tenant_id = ? and name = ?")) {
                select.setString(1, tenant.value());
                select.setString(2, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
        return sealed.map(ciphertext -> open(tenant, name, ciphertext));
    }

    private String open(TenantId tenant, String name, String ciphertext) {
        String keyId;
        try {
            keyId = SecretBox.keyIdOf(ciphertext);
        } catch (SecretBox.SecretBoxException e) {
            throw new CredentialRefusedException("the stored value of " + name + " is not a sealed value");
        }
        if (!keys.contains(keyId)) {
            throw KernelError.of(
                    ErrorCode.CREDENTIAL_MISSING,
                    "the secret " + name + " of tenant " + tenant + " is sealed with master key '" + keyId
                            + "', which is not loaded (docs/operations.md, master keys)",
                    Map.of("tenant", tenant.value(), "credential", name, "keyId", keyId));
        }
        try {
            return box.decrypt(ciphertext, associatedData(tenant, name));
        } catch (SecretBox.SecretBoxException e) {
            throw new CredentialRefusedException(
                    "the stored value of " + name + " does not open for tenant " + tenant + ": " + e.getMessage());
        }
    }

    /** Stores a new value for the secret (creating it if needed) under the current master key, and audits it. */
    public SecretMetadata rotate(TenantId tenant, String name, String value, String actor) {
        SecretName.require(name);
        requireValue(value);
        return jdbc.inNewTransaction(tenant, connection -> {
            Instant now = clock.instant();
            Integer version = lockedVersion(connection, tenant, name);
            String sealed = box.encrypt(value, associatedData(tenant, name));
            if (version == null) {
                insert(connection, tenant, name, sealed, actor, now);
                version = 1;
            } else {
                version = version + 1;
                update(connection, tenant, name, sealed, version, actor, now);
            }
            JdbcCredentialAudit.insert(
                    connection, new CredentialAccess(tenant, name, actor, CredentialAccess.Action.ROTATED), now);
            return new SecretMetadata(tenant, name, version, keys.currentKeyId(), now, actor);
        });
    }

    /**
     * Stores the value only if the store has no secret by that name yet; an existing one always wins, so a value
     * rotated through the admin API is never overwritten by configuration.
     *
     * @return true if the value was stored
     */
    public boolean importIfAbsent(TenantId tenant, String name, String value, String actor) {
        SecretName.require(name);
        requireValue(value);
        try {
            return jdbc.inNewTransaction(tenant, connection -> {
                if (lockedVersion(connection, tenant, name) != null) {
                    return false;
                }
                Instant now = clock.instant();
                insert(connection, tenant, name, box.encrypt(value, associatedData(tenant, name)), actor, now);
                JdbcCredentialAudit.insert(
                        connection, new CredentialAccess(tenant, name, actor, CredentialAccess.Action.IMPORTED), now);
                return true;
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                return false; // another node imported it at the same moment
            }
            throw e;
        }
    }

    /** Seals again, under the current master key, every secret of the store that is sealed with an older one. */
    public int reencrypt(TenantId tenant, String actor) {
        List<SecretMetadata> stale = list(tenant).stream()
                .filter(secret -> !secret.keyId().equals(keys.currentKeyId()))
                .toList();
        int resealed = 0;
        for (SecretMetadata secret : stale) {
            boolean done = jdbc.inNewTransaction(tenant, connection -> {
                String ciphertext;
                try (PreparedStatement select = connection.prepareStatement(
                        "select ciphertext from tenant_secrets" + " where tenant_id = ? and name = ? for update")) {
                    select.setString(1, tenant.value());
                    select.setString(2, secret.name());
                    try (ResultSet rows = select.executeQuery()) {
                        if (!rows.next()) {
                            return false;
                        }
                        ciphertext = rows.getString(1);
                    }
                }
                String data = associatedData(tenant, secret.name());
                String resealedValue = box.encrypt(open(tenant, secret.name(), ciphertext), data);
                try (PreparedStatement update = connection.prepareStatement("update tenant_secrets set ciphertext = ?,"
                        + " key_id = ?, updated_at = ? where tenant_id = ? and name = ?")) {
                    update.setString(1, resealedValue);
                    update.setString(2, keys.currentKeyId());
                    update.setTimestamp(3, Timestamp.from(clock.instant()));
                    update.setString(4, tenant.value());
                    update.setString(5, secret.name());
                    update.executeUpdate();
                }
                JdbcCredentialAudit.insert(
                        connection,
                        new CredentialAccess(tenant, secret.name(), actor, CredentialAccess.Action.RE_ENCRYPTED),
                        clock.instant());
                return true;
            });
            if (done) {
                resealed++;
            }
        }
        return resealed;
    }

    /** Every secret of the store, without values, by name. */
    public List<SecretMetadata> list(TenantId tenant) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select name, version, key_id, rotated_at,"
                    + " rotated_by from tenant_secrets where tenant_id = ? order by name")) {
                select.setString(1, tenant.value());
                try (ResultSet rows = select.executeQuery()) {
                    List<SecretMetadata> secrets = new ArrayList<>();
                    while (rows.next()) {
                        secrets.add(new SecretMetadata(
                                tenant,
                                rows.getString("name"),
                                rows.getInt("version"),
                                rows.getString("key_id"),
                                rows.getTimestamp("rotated_at").toInstant(),
                                rows.getString("rotated_by")));
                    }
                    return secrets;
                }
            }
        });
    }

    private static Integer lockedVersion(Connection connection, TenantId tenant, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select version from tenant_secrets where tenant_id = ? and name = ? for update")) {
            select.setString(1, tenant.value());
            select.setString(2, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getInt(1) : null;
            }
        }
    }

    private void insert(Connection connection, TenantId tenant, String name, String sealed, String actor, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into tenant_secrets (tenant_id, name,"
                + " version, ciphertext, key_id, rotated_by, rotated_at, created_at, updated_at)"
                + " values (?, ?, 1, ?, ?, ?, ?, ?, ?)")) {
            Timestamp now = Timestamp.from(at);
            insert.setString(1, tenant.value());
            insert.setString(2, name);
            insert.setString(3, sealed);
            insert.setString(4, SecretBox.keyIdOf(sealed));
            insert.setString(5, actor);
            insert.setTimestamp(6, now);
            insert.setTimestamp(7, now);
            insert.setTimestamp(8, now);
            insert.executeUpdate();
        }
    }

    private static void update(
            Connection connection, TenantId tenant, String name, String sealed, int version, String actor, Instant at)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update tenant_secrets set ciphertext = ?,"
                + " key_id = ?, version = ?, rotated_by = ?, rotated_at = ?, updated_at = ?"
                + " where tenant_id = ? and name = ?")) {
            Timestamp now = Timestamp.from(at);
            update.setString(1, sealed);
            update.setString(2, SecretBox.keyIdOf(sealed));
            update.setInt(3, version);
            update.setString(4, actor);
            update.setTimestamp(5, now);
            update.setTimestamp(6, now);
            update.setString(7, tenant.value());
            update.setString(8, name);
            update.executeUpdate();
        }
    }

    private static void requireValue(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret's value must not be blank");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("a secret's value is at most " + MAX_VALUE_LENGTH + " characters");
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
