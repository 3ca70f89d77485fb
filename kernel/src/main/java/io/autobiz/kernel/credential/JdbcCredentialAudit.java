package io.autobiz.kernel.credential;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.chain.HashChain;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The credential audit trail in {@code credential_audit}, one row per access, in the store's context and in a
 * transaction of its own (a read that precedes a rolled-back step still happened). Counted in
 * {@code credential_access_total{tenant,dependency,action}}: by the dependency the secret belongs to, never by the
 * secret's name (metric labels carry no secret names); which secret was touched is in the audit row.
 */
public final class JdbcCredentialAudit implements CredentialAudit {

    private static final String INSERT = "insert into credential_audit (tenant_id, secret_name, principal, action,"
            + " created_at, updated_at, chain_seq, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The name of this trail's chain in {@code evidence_chain_heads}. */
    public static final String CHAIN = "credential_audit";

    private final TenantJdbc jdbc;
    private final MeterRegistry meters;
    private final Clock clock;

    public JdbcCredentialAudit(TenantJdbc jdbc, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void record(CredentialAccess access) {
        jdbc.inNewTransaction(access.tenant(), connection -> {
            insert(connection, access, clock.instant());
            return null;
        });
        count(meters, access);
    }

    /**
     * Writes the row on a connection whose tenant context is set, for callers that audit inside their own work; chained
     * to the store's previous audit row (issue 22), so a row removed or rewritten later is found by verification.
     */
    static void insert(Connection connection, CredentialAccess access, Instant at) throws SQLException {
        Instant stored = at.truncatedTo(ChronoUnit.MICROS);
        HashChain.Link link = HashChain.append(
                connection,
                access.tenant().value(),
                CHAIN,
                material(
                        access.tenant().value(),
                        access.secretName(),
                        access.principal(),
                        access.action().name(),
                        stored),
                stored);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            Timestamp now = Timestamp.from(stored);
            insert.setString(1, access.tenant().value());
            insert.setString(2, access.secretName());
            insert.setString(3, access.principal());
            insert.setString(4, access.action().name());
            insert.setTimestamp(5, now);
            insert.setTimestamp(6, now);
            insert.setLong(7, link.seq());
            insert.setString(8, link.prevHash());
            insert.setString(9, link.hash());
            insert.executeUpdate();
        }
    }

    /** What a row's hash covers: every field but the chain's own columns and updated_at. */
    public static ObjectNode material(String tenant, String secretName, String principal, String action, Instant at) {
        ObjectNode material = Json.object();
        material.put("tenant", tenant);
        material.put("secretName", secretName);
        material.put("principal", principal);
        material.put("action", action);
        material.put("createdAt", at.truncatedTo(ChronoUnit.MICROS).toString());
        return material;
    }

    /** The {@code <dependency>} part of a {@code <dependency>.<key>} name; {@code invalid} for anything else. */
    static String dependency(String secretName) {
        return SecretName.isValid(secretName) ? secretName.substring(0, secretName.indexOf('.')) : "invalid";
    }

    static void count(MeterRegistry meters, CredentialAccess access) {
        meters.counter(
                        "credential_access_total",
                        "tenant",
                        access.tenant().value(),
                        "dependency",
                        dependency(access.secretName()),
                        "action",
                        access.action().name())
                .increment();
    }
}
