package io.autobiz.kernel.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.json.CanonicalJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A per-store hash chain over the rows of an append-only evidence table ({@code credential_audit},
 * {@code security_incidents}), kept like the receipt chain: {@code evidence_chain_heads} holds each store's last number
 * and hash per chain and is locked while a row is appended, so a chain never forks. A row's hash is the SHA-256 of the
 * canonical JSON of its fields plus its number and its predecessor's hash: removing or rewriting a row breaks the chain
 * exactly there.
 */
public final class HashChain {

    /** The place of a new row in its chain. */
    public record Link(long seq, String prevHash, String hash) {}

    /** A stored row, for verification: its number, ID, link and hash, and the hash recomputed from its fields. */
    public record Stored(long seq, String id, String prevHash, String hash, String recomputedHash) {}

    /** The first place a chain does not hold. */
    public record Break(long seq, String id, String reason) {}

    private static final String NO_ROW_YET = "0".repeat(64);

    private HashChain() {}

    /** The hash of a row: its fields ({@code material}), its number and its predecessor's hash. */
    public static String hashOf(ObjectNode material, long seq, String prevHash) {
        ObjectNode linked = material.deepCopy();
        linked.put("seq", seq);
        linked.put("prevHash", prevHash);
        return CanonicalJson.sha256Hex(linked);
    }

    /**
     * Locks the store's head of {@code chain}, computes the next link over {@code material} and moves the head, in the
     * caller's transaction; the caller inserts the row with the link in the same transaction.
     */
    public static Link append(Connection connection, String tenant, String chain, ObjectNode material, Instant at)
            throws SQLException {
        Optional<Link> head = lockHead(connection, tenant, chain);
        if (head.isEmpty()) {
            createHead(connection, tenant, chain, at);
            head = lockHead(connection, tenant, chain);
        }
        Link last = head.orElseThrow(() -> new SQLException("no " + chain + " chain head for tenant " + tenant));
        long seq = last.seq() + 1;
        String prev = last.seq() == 0 ? null : last.hash();
        Link next = new Link(seq, prev, hashOf(material, seq, prev));
        try (PreparedStatement move = connection.prepareStatement("update evidence_chain_heads set last_seq = ?,"
                + " last_hash = ?, updated_at = ? where tenant_id = ? and chain = ?")) {
            move.setLong(1, next.seq());
            move.setString(2, next.hash());
            move.setTimestamp(3, Timestamp.from(at));
            move.setString(4, tenant);
            move.setString(5, chain);
            move.executeUpdate();
        }
        return next;
    }

    /** The store's head of the chain (number and hash of its last row), if any row was chained. */
    public static Optional<Link> head(Connection connection, String tenant, String chain) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select last_seq, last_hash from"
                + " evidence_chain_heads where tenant_id = ? and chain = ? and last_seq > 0")) {
            select.setString(1, tenant);
            select.setString(2, chain);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Link(row.getLong(1), null, row.getString(2))) : Optional.empty();
            }
        }
    }

    /**
     * Checks rows in chain order: numbers 1, 2, 3... without a gap, each linked to the one before, each hash matching
     * its recomputed material, and the head pointing at the last. The first place that does not hold, if any.
     */
    public static Optional<Break> verify(List<Stored> rows, Optional<Link> head) {
        long expectedSeq = 1;
        String expectedPrev = null;
        for (Stored row : rows) {
            String reason = null;
            if (row.seq() != expectedSeq) {
                reason = "expected number " + expectedSeq + " but found " + row.seq() + ": a row is missing";
            } else if (!Objects.equals(row.prevHash(), expectedPrev)) {
                reason = "its link (prev_hash) does not match the hash of the row before it";
            } else if (!row.recomputedHash().equals(row.hash())) {
                reason = "its content no longer matches its hash: a stored field was changed";
            }
            if (reason != null) {
                return Optional.of(new Break(row.seq(), row.id(), reason));
            }
            expectedPrev = row.hash();
            expectedSeq++;
        }
        String headHash = head.map(Link::hash).orElse(null);
        if (!Objects.equals(headHash, expectedPrev)) {
            return Optional.of(new Break(
                    expectedSeq, null, "the chain head does not point at the last row: rows are missing at the end"));
        }
        return Optional.empty();
    }

    private static Optional<Link> lockHead(Connection connection, String tenant, String chain) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select last_seq, last_hash from"
                + " evidence_chain_heads where tenant_id = ? and chain = ? for update")) {
            select.setString(1, tenant);
            select.setString(2, chain);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Link(row.getLong(1), null, row.getString(2))) : Optional.empty();
            }
        }
    }

    /** As the receipt chain's first head: of two concurrent first rows, the second insert is undone alone. */
    private static void createHead(Connection connection, String tenant, String chain, Instant at) throws SQLException {
        Savepoint beforeInsert = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement("insert into evidence_chain_heads (tenant_id,"
                + " chain, last_seq, last_hash, created_at, updated_at) values (?, ?, 0, ?, ?, ?)")) {
            insert.setString(1, tenant);
            insert.setString(2, chain);
            insert.setString(3, NO_ROW_YET);
            insert.setTimestamp(4, Timestamp.from(at));
            insert.setTimestamp(5, Timestamp.from(at));
            insert.executeUpdate();
            connection.releaseSavepoint(beforeInsert);
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            connection.rollback(beforeInsert);
        }
    }
}
