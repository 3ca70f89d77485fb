package io.autobiz.kernel.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.chain.HashChain;
import io.autobiz.kernel.credential.JdbcCredentialAudit;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.receipt.ChainVerification;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.tenant.JdbcSecurityIncidents;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks all of a store's evidence against tampering by someone with the database owner's rights (issue 22), read as
 * the application role in the store's context:
 *
 * <ul>
 *   <li>{@code receipts}: the receipt chain ({@link JdbcReceipts#verify});
 *   <li>{@code stateVersions}: each entity's versions numbered 1, 2, 3... without a gap, each version's state
 *       recomputed from the one before by its RFC 6902 patch and hashed again, and the newest version that a transcript
 *       line names present with the hash the line recorded (so the removal of an entity's latest version shows too);
 *   <li>{@code credentialAudit}, {@code securityIncidents}: the per-store hash chains of V63 ({@link HashChain}); rows
 *       written before V63 carry no chain and are counted as unchained.
 * </ul>
 *
 * The first break of each kind is named with its position.
 */
@KernelApi
public final class EvidenceVerifier {

    /** One kind of evidence: how many items were checked, and the first break, if any. */
    public record Check(String kind, long checked, long unchained, Optional<Break> firstBreak) {
        public boolean intact() {
            return firstBreak.isEmpty();
        }
    }

    /** Where a kind of evidence does not hold: the row (or entity), its position, and what is wrong. */
    public record Break(String id, long position, String reason) {}

    /** Every kind, in a fixed order. */
    public record Report(String tenant, List<Check> checks) {
        public boolean intact() {
            return checks.stream().allMatch(Check::intact);
        }
    }

    private final TenantJdbc jdbc;
    private final JdbcReceipts receipts;
    private final MeterRegistry meters;

    public EvidenceVerifier(TenantJdbc jdbc, JdbcReceipts receipts, MeterRegistry meters) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.receipts = Objects.requireNonNull(receipts);
        this.meters = Objects.requireNonNull(meters);
    }

    public Report verify(TenantId tenant) {
        ChainVerification chain = receipts.verify(tenant);
        List<Check> checks = new ArrayList<>();
        checks.add(new Check(
                "receipts",
                chain.receipts(),
                0,
                chain.brokenLink().map(link -> new Break(link.receiptId(), link.chainSeq(), link.reason()))));
        checks.add(jdbc.inTransaction(tenant, connection -> stateVersions(connection, tenant)));
        checks.add(jdbc.inTransaction(tenant, connection -> credentialAudit(connection, tenant)));
        checks.add(jdbc.inTransaction(tenant, connection -> securityIncidents(connection, tenant)));
        Report report = new Report(tenant.value(), List.copyOf(checks));
        meters.counter("evidence_verified_total", "outcome", report.intact() ? "intact" : "broken")
                .increment();
        return report;
    }

    private static Check stateVersions(Connection connection, TenantId tenant) throws SQLException {
        Map<String, String> transcribed = new HashMap<>();
        Map<String, Long> newestTranscribed = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select state_entity, state_version, state_sha256"
                + " from traces where tenant_id = ? and state_entity is not null and state_version is not null")) {
            select.setString(1, tenant.value());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String entity = rows.getString(1);
                    long version = rows.getLong(2);
                    transcribed.put(entity + "#" + version, rows.getString(3));
                    newestTranscribed.merge(entity, version, Math::max);
                }
            }
        }
        long checked = 0;
        Optional<Break> first = Optional.empty();
        Map<String, Long> newestStored = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select entity_id, version, patch, state,"
                + " state_sha256 from state_versions where tenant_id = ? order by entity_id, version")) {
            select.setString(1, tenant.value());
            try (ResultSet rows = select.executeQuery()) {
                String entity = null;
                long expected = 1;
                JsonNode before = Json.object();
                boolean entityBroken = false;
                while (rows.next()) {
                    checked++;
                    String id = rows.getString(1);
                    long version = rows.getLong(2);
                    if (!id.equals(entity)) {
                        entity = id;
                        expected = 1;
                        before = Json.object();
                        entityBroken = false;
                    }
                    newestStored.put(id, version);
                    if (entityBroken || first.isPresent()) {
                        continue;
                    }
                    String reason = null;
                    JsonNode after = null;
                    if (version != expected) {
                        reason = "expected version " + expected + " but found " + version + ": a version is missing";
                    } else {
                        try {
                            after = JsonPatch.apply(Json.parse(rows.getString(3)), before);
                        } catch (RuntimeException e) {
                            reason = "its patch does not apply to the version before it";
                        }
                        if (reason == null) {
                            String sha = CanonicalJson.sha256Hex(after);
                            String transcript = transcribed.get(id + "#" + version);
                            if (!sha.equals(rows.getString(5))) {
                                reason = "the state its patches produce no longer matches its stored hash";
                            } else if (!CanonicalJson.canonicalize(after)
                                    .equals(CanonicalJson.canonicalize(Json.parse(rows.getString(4))))) {
                                reason = "its stored state is not the state its patches produce";
                            } else if (transcript != null && !transcript.equals(sha)) {
                                reason = "its hash differs from the one the transcript recorded";
                            }
                        }
                    }
                    if (reason != null) {
                        first = Optional.of(new Break(id, version, reason));
                        entityBroken = true;
                    } else {
                        before = after;
                        expected++;
                    }
                }
            }
        }
        if (first.isEmpty()) {
            for (Map.Entry<String, Long> named : newestTranscribed.entrySet()) {
                long stored = newestStored.getOrDefault(named.getKey(), 0L);
                if (stored < named.getValue()) {
                    first = Optional.of(new Break(
                            named.getKey(),
                            stored + 1,
                            "the transcript names version " + named.getValue() + " but the newest stored is " + stored
                                    + ": versions are missing at the end"));
                    break;
                }
            }
        }
        return new Check("stateVersions", checked, 0, first);
    }

    private static Check credentialAudit(Connection connection, TenantId tenant) throws SQLException {
        return chained(
                connection,
                tenant,
                "credentialAudit",
                "select id, secret_name, principal, action, created_at, chain_seq, prev_hash, hash"
                        + " from credential_audit where tenant_id = ? order by chain_seq",
                JdbcCredentialAudit.CHAIN,
                row -> String.valueOf(row.getLong("id")),
                row -> JdbcCredentialAudit.material(
                        tenant.value(),
                        row.getString("secret_name"),
                        row.getString("principal"),
                        row.getString("action"),
                        row.getTimestamp("created_at").toInstant()));
    }

    private static Check securityIncidents(Connection connection, TenantId tenant) throws SQLException {
        return chained(
                connection,
                tenant,
                "securityIncidents",
                "select incident_id, principal, channel, attempted, target_tenant_id, correlation_id, created_at,"
                        + " chain_seq, prev_hash, hash from security_incidents where tenant_id = ? order by chain_seq",
                JdbcSecurityIncidents.CHAIN,
                row -> row.getString("incident_id"),
                row -> JdbcSecurityIncidents.material(
                        row.getString("incident_id"),
                        tenant.value(),
                        row.getString("principal"),
                        row.getString("channel"),
                        row.getString("attempted"),
                        row.getString("target_tenant_id"),
                        row.getString("correlation_id"),
                        row.getTimestamp("created_at").toInstant()));
    }

    /** Something read from one row of the result set. */
    @FunctionalInterface
    private interface FromRow<T> {
        T of(ResultSet row) throws SQLException;
    }

    /**
     * Recomputes every chained row of one store's evidence table from its own columns and checks the links and the
     * chain's head; rows written before the table was chained (no {@code chain_seq}) are counted, not checked.
     */
    private static Check chained(
            Connection connection,
            TenantId tenant,
            String kind,
            String select,
            String chain,
            FromRow<String> id,
            FromRow<ObjectNode> material)
            throws SQLException {
        List<HashChain.Stored> rows = new ArrayList<>();
        long unchained = 0;
        try (PreparedStatement query = connection.prepareStatement(select)) {
            query.setString(1, tenant.value());
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    long seq = row.getLong("chain_seq");
                    if (row.wasNull()) {
                        unchained++;
                        continue;
                    }
                    String prev = row.getString("prev_hash");
                    String recomputed = HashChain.hashOf(material.of(row), seq, prev);
                    rows.add(new HashChain.Stored(seq, id.of(row), prev, row.getString("hash"), recomputed));
                }
            }
        }
        Optional<HashChain.Break> broken = HashChain.verify(rows, HashChain.head(connection, tenant.value(), chain));
        return new Check(kind, rows.size(), unchained, broken.map(b -> new Break(b.id(), b.seq(), b.reason())));
    }
}
