package io.autobiz.kernel.receipt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autobiz.kernel.KernelApi;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.json.CanonicalJson;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Receipts in the {@code receipts} table: written in the step's transaction (a receipt exists exactly when its step
 * committed), append-only (the database refuses UPDATE and DELETE: V32 on PostgreSQL, V33 on H2) and chained per tenant
 * through {@code receipt_chain_heads}, whose row for the tenant is locked from a receipt's link to the end of its
 * transaction so the chain never forks. In a workflow step the link is made at the step's commit ({@link #append}), so
 * a store's steps wait for one another only for that long.
 */
@KernelApi
public final class JdbcReceipts implements Receipts {

    private static final String COLUMNS = "receipt_id, tenant_id, chain_seq, execution_id, correlation_id, tool,"
            + " side_effect, internal_key, external_key, provider_object_id, request, response, amount_minor, currency,"
            + " created_at, prev_hash, hash";

    private final TenantJdbc jdbc;
    private final SecretBox box;
    private final MeterRegistry meters;
    private final Clock clock;

    public JdbcReceipts(TenantJdbc jdbc, SecretBox box, MeterRegistry meters, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.box = Objects.requireNonNull(box);
        this.meters = Objects.requireNonNull(meters);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Seals a receipt and stores it, chained, in the caller's transaction. When that transaction can be waited for
     * ({@link TenantJdbc#beforeCommit}: a workflow step's), the receipt is linked into its store's chain and inserted
     * just before the transaction commits, after the rest of the step, so the store's chain head stays locked for the
     * insert and the commit only; the receipt returned then is final but for its place in the chain, which it does not
     * have yet ({@link Receipt#chained()} is false). Without such a transaction it is chained and inserted at once.
     */
    @Override
    public Receipt append(NewReceipt draft) {
        Receipt sealed = seal(draft);
        boolean waitsForCommit = jdbc.beforeCommit(this, Unchained::new, this::chain)
                .map(unchained -> unchained.add(sealed))
                .orElse(false);
        Receipt receipt = waitsForCommit
                ? sealed
                : jdbc.inTransaction(draft.tenant(), connection -> chain(connection, List.of(sealed)))
                        .get(0);
        meters.counter(
                        "receipt_created_total",
                        "tool",
                        draft.tool(),
                        "side_effect",
                        draft.sideEffect().name())
                .increment();
        return receipt;
    }

    /** The receipt with its ID, time and sealed content, not yet in the chain (number 0, no hashes). */
    private Receipt seal(NewReceipt draft) {
        String tenant = draft.tenant().value();
        String receiptId = UUID.randomUUID().toString();
        String aad = associatedData(tenant, receiptId);
        FinancialReceipt money = draft.financial();
        return new Receipt(
                receiptId,
                tenant,
                Receipt.NOT_CHAINED,
                draft.executionId(),
                draft.correlationId(),
                draft.tool(),
                draft.sideEffect(),
                draft.internalKey(),
                draft.externalKey(),
                draft.providerObjectId(),
                box.encrypt(CanonicalJson.canonicalize(draft.request()), aad + ":request"),
                box.encrypt(CanonicalJson.canonicalize(draft.response()), aad + ":response"),
                money == null ? null : money.amountMinor(),
                money == null ? null : money.currency(),
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                null,
                null);
    }

    /** The receipts a transaction appended and has not chained yet, in the order they were appended. */
    private static final class Unchained {

        private final List<Receipt> receipts = new ArrayList<>();
        private boolean chained;

        /** False once the batch is chained: a receipt appended by later commit-time work is chained at once. */
        boolean add(Receipt receipt) {
            if (chained) {
                return false;
            }
            receipts.add(receipt);
            return true;
        }

        List<Receipt> take() {
            chained = true;
            return List.copyOf(receipts);
        }
    }

    /**
     * Chains a transaction's receipts just before it commits. Stores in name order: two transactions that append
     * receipts of the same two stores lock their heads in the same order, so neither waits for the other in a cycle.
     */
    private void chain(Unchained unchained) {
        Map<String, List<Receipt>> byStore = new TreeMap<>();
        for (Receipt receipt : unchained.take()) {
            byStore.computeIfAbsent(receipt.tenantId(), store -> new ArrayList<>())
                    .add(receipt);
        }
        byStore.forEach(
                (store, receipts) -> jdbc.inTransaction(TenantId.of(store), connection -> chain(connection, receipts)));
    }

    /**
     * Links one store's sealed receipts to its chain, in order, and inserts them. The head row stays locked until the
     * transaction ends, so the chain never forks; a transaction that rolls back takes its numbers back with it.
     */
    private List<Receipt> chain(Connection connection, List<Receipt> sealed) throws SQLException {
        String tenant = sealed.get(0).tenantId();
        Optional<Head> locked = lockHead(connection, tenant);
        if (locked.isEmpty()) {
            createHead(connection, tenant);
            locked = lockHead(connection, tenant);
        }
        Head head = locked.orElseThrow(() -> new SQLException("no receipt chain head for tenant " + tenant));
        long seq = head.lastSeq();
        String prevHash = head.lastHash();
        List<Receipt> chained = new ArrayList<>();
        for (Receipt receipt : sealed) {
            Receipt linked = linked(receipt, ++seq, prevHash);
            insert(connection, linked);
            prevHash = linked.hash();
            chained.add(linked);
        }
        moveHead(connection, tenant, chained.get(chained.size() - 1));
        return chained;
    }

    /** The request and response of a receipt, decrypted; for people investigating a dispute. */
    public ObjectNode open(Receipt receipt) {
        String aad = associatedData(receipt.tenantId(), receipt.receiptId());
        ObjectNode opened = Json.object();
        opened.set("request", Json.parse(box.decrypt(receipt.request(), aad + ":request")));
        opened.set("response", Json.parse(box.decrypt(receipt.response(), aad + ":response")));
        return opened;
    }

    /** A tenant's receipts in chain order. */
    public List<Receipt> chain(TenantId tenant) {
        return select(tenant, "tenant_id = ? order by chain_seq", tenant.value());
    }

    /** The receipts written for one idempotency key (exactly one, once its call committed). */
    public List<Receipt> forKey(TenantId tenant, String internalKey) {
        return select(tenant, "tenant_id = ? and internal_key = ? order by chain_seq", tenant.value(), internalKey);
    }

    @Override
    public Optional<Receipt> find(TenantId tenant, String receiptId) {
        return select(tenant, "tenant_id = ? and receipt_id = ?", tenant.value(), receiptId).stream()
                .findFirst();
    }

    /**
     * Recomputes every receipt's hash and link in chain order and names the first that does not hold: a changed field
     * (the hash no longer matches), a removed or inserted receipt (a gap in the numbers, or a link to the wrong
     * predecessor), or a head that points elsewhere.
     */
    public ChainVerification verify(TenantId tenant) {
        List<Receipt> receipts = chain(tenant);
        String expectedPrev = null;
        long expectedSeq = 1;
        for (Receipt receipt : receipts) {
            String reason = null;
            if (receipt.chainSeq() != expectedSeq) {
                reason = "expected receipt number " + expectedSeq + " but found " + receipt.chainSeq()
                        + ": a receipt is missing";
            } else if (!Objects.equals(receipt.prevHash(), expectedPrev)) {
                reason = "its link (prev_hash) does not match the hash of the receipt before it";
            } else if (!hashOf(receipt).equals(receipt.hash())) {
                reason = "its content no longer matches its hash: a stored field was changed";
            }
            if (reason != null) {
                return broken(tenant, receipts.size(), receipt, reason);
            }
            expectedPrev = receipt.hash();
            expectedSeq++;
        }
        Optional<String> head = headHash(tenant);
        if (!Objects.equals(head.orElse(null), expectedPrev)) {
            return new ChainVerification(
                    tenant.value(),
                    receipts.size(),
                    Optional.of(new ChainVerification.BrokenLink(
                            expectedSeq,
                            null,
                            "the chain head does not point at the last receipt: receipts are"
                                    + " missing at the end")));
        }
        meters.counter("receipt_chain_verified_total", "outcome", "intact").increment();
        return new ChainVerification(tenant.value(), receipts.size(), Optional.empty());
    }

    private ChainVerification broken(TenantId tenant, int count, Receipt receipt, String reason) {
        meters.counter("receipt_chain_verified_total", "outcome", "broken").increment();
        return new ChainVerification(
                tenant.value(),
                count,
                Optional.of(new ChainVerification.BrokenLink(receipt.chainSeq(), receipt.receiptId(), reason)));
    }

    /** SHA-256 over the canonical JSON of every field but the hash itself. */
    public static String hashOf(Receipt r) {
        ObjectNode material = Json.object();
        material.put("receiptId", r.receiptId());
        material.put("tenant", r.tenantId());
        material.put("seq", r.chainSeq());
        material.put("executionId", r.executionId());
        material.put("correlationId", r.correlationId());
        material.put("tool", r.tool());
        material.put("sideEffect", r.sideEffect().name());
        material.put("internalKey", r.internalKey());
        material.put("externalKey", r.externalKey());
        material.put("providerObjectId", r.providerObjectId());
        material.put("request", r.request());
        material.put("response", r.response());
        if (r.amountMinor() == null) {
            material.putNull("amountMinor");
        } else {
            material.put("amountMinor", r.amountMinor());
        }
        material.put("currency", r.currency());
        material.put("createdAt", r.createdAt().truncatedTo(ChronoUnit.MICROS).toString());
        material.put("prevHash", r.prevHash());
        return CanonicalJson.sha256Hex(material);
    }

    private Optional<String> headHash(TenantId tenant) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select last_hash from receipt_chain_heads where tenant_id = ? and last_seq > 0")) {
                select.setString(1, tenant.value());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    private List<Receipt> select(TenantId tenant, String where, String... parameters) {
        return jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + COLUMNS + " from receipts where " + where)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = select.executeQuery()) {
                    List<Receipt> receipts = new ArrayList<>();
                    while (rows.next()) {
                        long amount = rows.getLong("amount_minor");
                        boolean hasAmount = !rows.wasNull();
                        receipts.add(new Receipt(
                                rows.getString("receipt_id"),
                                rows.getString("tenant_id"),
                                rows.getLong("chain_seq"),
                                rows.getString("execution_id"),
                                rows.getString("correlation_id"),
                                rows.getString("tool"),
                                SideEffect.valueOf(rows.getString("side_effect")),
                                rows.getString("internal_key"),
                                rows.getString("external_key"),
                                rows.getString("provider_object_id"),
                                rows.getString("request"),
                                rows.getString("response"),
                                hasAmount ? amount : null,
                                rows.getString("currency"),
                                rows.getTimestamp("created_at").toInstant(),
                                rows.getString("prev_hash"),
                                rows.getString("hash")));
                    }
                    return receipts;
                }
            }
        });
    }

    private static void insert(Connection connection, Receipt r) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into receipts (" + COLUMNS
                + ", updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            insert.setString(i++, r.receiptId());
            insert.setString(i++, r.tenantId());
            insert.setLong(i++, r.chainSeq());
            insert.setString(i++, r.executionId());
            insert.setString(i++, r.correlationId());
            insert.setString(i++, r.tool());
            insert.setString(i++, r.sideEffect().name());
            insert.setString(i++, r.internalKey());
            insert.setString(i++, r.externalKey());
            insert.setString(i++, r.providerObjectId());
            insert.setString(i++, r.request());
            insert.setString(i++, r.response());
            if (r.amountMinor() == null) {
                insert.setNull(i++, Types.BIGINT);
            } else {
                insert.setLong(i++, r.amountMinor());
            }
            insert.setString(i++, r.currency());
            insert.setTimestamp(i++, Timestamp.from(r.createdAt()));
            insert.setString(i++, r.prevHash());
            insert.setString(i++, r.hash());
            insert.setTimestamp(i, Timestamp.from(r.createdAt()));
            insert.executeUpdate();
        }
    }

    /** The hash column of a head with no receipt behind it (it is not null); read back as no predecessor. */
    private static final String NO_RECEIPT_YET = "0".repeat(64);

    private record Head(long lastSeq, String lastHash) {}

    /** The tenant's chain head, locked until the transaction ends: receipts are appended one at a time. */
    private static Optional<Head> lockHead(Connection connection, String tenant) throws SQLException {
        try (PreparedStatement head = connection.prepareStatement(
                "select last_seq, last_hash from receipt_chain_heads where tenant_id = ? for update")) {
            head.setString(1, tenant);
            try (ResultSet row = head.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                long lastSeq = row.getLong(1);
                return Optional.of(new Head(lastSeq, lastSeq == 0 ? null : row.getString(2)));
            }
        }
    }

    /**
     * The empty head of a tenant's first receipt. Two first receipts at once both find no head to lock: both insert
     * one, the second insert waits for the first transaction and then fails on the primary key, and is undone alone
     * (a savepoint, so the caller's transaction lives on) before the head is locked again, now found.
     */
    private static void createHead(Connection connection, String tenant) throws SQLException {
        Savepoint beforeInsert = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into receipt_chain_heads (last_seq, last_hash, updated_at, tenant_id) values (0, ?, ?, ?)")) {
            insert.setString(1, NO_RECEIPT_YET);
            insert.setTimestamp(2, Timestamp.from(Instant.EPOCH));
            insert.setString(3, tenant);
            insert.executeUpdate();
            connection.releaseSavepoint(beforeInsert);
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            connection.rollback(beforeInsert);
        }
    }

    private static void moveHead(Connection connection, String tenant, Receipt receipt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "update receipt_chain_heads set last_seq = ?, last_hash = ?, updated_at = ? where tenant_id = ?")) {
            statement.setLong(1, receipt.chainSeq());
            statement.setString(2, receipt.hash());
            statement.setTimestamp(3, Timestamp.from(receipt.createdAt()));
            statement.setString(4, tenant);
            statement.executeUpdate();
        }
    }

    /** The receipt at {@code chainSeq} after {@code prevHash}, with the hash over both. */
    private static Receipt linked(Receipt r, long chainSeq, String prevHash) {
        Receipt unhashed = r.inChain(chainSeq, prevHash, null);
        return unhashed.inChain(chainSeq, prevHash, hashOf(unhashed));
    }

    private static String associatedData(String tenant, String receiptId) {
        return "receipt:" + tenant + ":" + receiptId;
    }
}
