package io.autobiz.invariants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autobiz.kernel.crypto.KeyRing;
import io.autobiz.kernel.crypto.SecretBox;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.idempotency.IdempotencyKey;
import io.autobiz.kernel.receipt.FinancialReceipt;
import io.autobiz.kernel.receipt.JdbcReceipts;
import io.autobiz.kernel.receipt.NewReceipt;
import io.autobiz.kernel.receipt.Receipt;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolId;
import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A small soak's leftovers, planted in a fresh database with AutoBiz's migrations and the engine's own schema: two
 * stores, four runs (two ended, one waiting for a person, one waiting for a shipment), their events, receipts (written
 * by the kernel's own {@link JdbcReceipts}, so the chains are real), traces, an approved refund, the sandboxes'
 * objects and reconciled drift, all consistent. Tests add one piece of bad data to it.
 */
final class SoakData {

    static final String SHOP_A = "shop-a";
    static final String SHOP_B = "shop-b";

    static final String RUN_A_FULFIL = "run-a-fulfil";
    static final String RUN_A_REFUND = "run-a-refund";
    static final String RUN_A_WISMO = "run-a-wismo";
    static final String RUN_B_FULFIL = "run-b-fulfil";

    static final String ORDER_A = "gid://shopify/Order/5000000001";
    static final String ORDER_B = "gid://shopify/Order/5000000002";
    static final String INTENT_A = "pi_shopa0000000000000000001";
    static final String INTENT_B = "pi_shopb0000000000000000002";
    static final String REFUND_A = "re_shopa0000000000000000001";
    static final String EVENT_A_PAID = "00000000-0000-0000-0000-00000000a001";
    static final String EVENT_A_IGNORED = "00000000-0000-0000-0000-00000000a002";
    static final String EVENT_B_PAID = "00000000-0000-0000-0000-00000000b001";
    static final long REFUND_AMOUNT = 1500;

    private static final ObjectMapper JSON = new ObjectMapper();

    final TestDatabase database;
    final DataSource owner;
    final JdbcReceipts receipts;
    final Instant now = Instant.now();
    Receipt refundReceipt;
    Receipt printfulReceipt;

    private SoakData(TestDatabase database) {
        this.database = database;
        this.owner = database.ownerDataSource();
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        this.receipts = new JdbcReceipts(
                new TenantJdbc(owner),
                new SecretBox(KeyRing.of(Map.of("it", key), "it")),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    private static final java.util.List<SoakData> OPEN = new java.util.ArrayList<>();

    /** A new database with AutoBiz's migrations only: no engine tables, no rows. */
    static synchronized SoakData withoutEngine() {
        SoakData data = new SoakData(TestPostgres.newDatabase().migrateAutoBizTables());
        OPEN.add(data);
        return data;
    }

    /** A new, empty database: not AutoBiz's. */
    static synchronized SoakData empty() {
        SoakData data = new SoakData(TestPostgres.newDatabase());
        OPEN.add(data);
        return data;
    }

    /** A new database holding the consistent data set; {@link #dropAll} drops it. */
    static synchronized SoakData consistent() throws SQLException {
        SoakData data = new SoakData(TestPostgres.newDatabase().migrateAutoBizTables());
        OPEN.add(data);
        data.engineSchema();
        data.plantConsistent();
        return data;
    }

    /**
     * Drops the databases made so far, as their owner. TestPostgres would drop them at exit; one test's database gone
     * at its end keeps the shared server small and the JVM's exit short. Best effort: what is left is dropped at exit.
     */
    static synchronized void dropAll() {
        for (SoakData data : OPEN) {
            String url = data.database.url();
            String maintenance = url.replaceFirst("/" + data.database.name() + "(\\?|$)", "/postgres$1");
            try (Connection connection = java.sql.DriverManager.getConnection(
                            maintenance, TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                    Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + data.database.name() + " with (force)");
            } catch (SQLException leftForExit) {
                // TestPostgres drops it when the JVM exits.
            }
        }
        OPEN.clear();
    }

    InvariantReport check(CheckerInputs inputs) {
        return new InvariantChecker(owner, inputs).check();
    }

    InvariantReport check() {
        return check(CheckerInputs.none());
    }

    private void plantConsistent() throws SQLException {
        for (String store : new String[] {SHOP_A, SHOP_B}) {
            engine("insert into act_id_tenant (id_, rev_, name_) values (?, 1, ?)", store, store);
            inStore(store, "insert into tenants (tenant_id, display_name) values (?, ?)", store, store);
        }
        ended(RUN_A_FULFIL, "order-fulfill", SHOP_A, ORDER_A, "End_Fulfilled");
        ended(RUN_A_REFUND, "refund", SHOP_A, "refund-request-1", "End_Refunded");
        running(RUN_A_WISMO, "wismo", SHOP_A, "wismo-1");
        engine(
                "insert into act_ru_task (id_, rev_, execution_id_, proc_inst_id_, proc_def_id_, name_,"
                        + " task_def_key_, tenant_id_, create_time_) values (?, 1, ?, ?, ?, 'Answer the customer',"
                        + " 'Task_Answer', ?, now())",
                "task-a-wismo",
                RUN_A_WISMO,
                RUN_A_WISMO,
                definition("wismo"),
                SHOP_A);
        running(RUN_B_FULFIL, "order-fulfill", SHOP_B, ORDER_B);
        engine(
                "insert into act_ru_event_subscr (id_, rev_, event_type_, event_name_, execution_id_, proc_inst_id_,"
                        + " activity_id_, created_, tenant_id_) values ('sub-b', 1, 'message', 'ShipmentSent', ?, ?,"
                        + " 'Wait_Shipment', now(), ?)",
                RUN_B_FULFIL,
                RUN_B_FULFIL,
                SHOP_B);

        event(SHOP_A, EVENT_A_PAID, "orders/paid", ORDER_A, "PROCESSED");
        event(SHOP_A, EVENT_A_IGNORED, "customers/update", "gid://shopify/Customer/1", "IGNORED");
        event(SHOP_B, EVENT_B_PAID, "orders/paid", ORDER_B, "PROCESSED");
        variable(RUN_A_FULFIL, "eventId", EVENT_A_PAID);
        variable(RUN_B_FULFIL, "eventId", EVENT_B_PAID);

        printfulReceipt = receipt(
                SHOP_A,
                RUN_A_FULFIL,
                "printful.order.create@1",
                SideEffect.WRITE,
                "{\"externalId\":\"shopa-1001\"}",
                "90000001",
                null);
        receipt(
                SHOP_A,
                RUN_A_FULFIL,
                "stripe.payment.capture@1",
                SideEffect.WRITE,
                "{\"paymentIntentId\":\"" + INTENT_A + "\"}",
                INTENT_A,
                null);
        receipt(
                SHOP_A,
                RUN_A_FULFIL,
                "sendgrid.mail.send@1",
                SideEffect.WRITE,
                "{\"reference\":\"shopa-1001\",\"template\":\"order-confirmation\",\"to\":\"j***@example.com\"}",
                "msg-a-1",
                null);
        String refundInput =
                "{\"amount\":" + REFUND_AMOUNT + ",\"paymentIntentId\":\"" + INTENT_A + "\",\"reference\":\"rr-1\"}";
        approval(SHOP_A, RUN_A_REFUND, "stripe.refund.create@1", refundInput, REFUND_AMOUNT, "EUR", "APPROVED");
        refundReceipt = receipt(
                SHOP_A,
                RUN_A_REFUND,
                "stripe.refund.create@1",
                SideEffect.FINANCIAL,
                refundInput,
                REFUND_A,
                new FinancialReceipt(REFUND_AMOUNT, "eur"));
        receipt(
                SHOP_B,
                RUN_B_FULFIL,
                "stripe.payment.capture@1",
                SideEffect.WRITE,
                "{\"paymentIntentId\":\"" + INTENT_B + "\"}",
                INTENT_B,
                null);
        trace(SHOP_A, RUN_A_WISMO, "the customer j***@example.com asked where order #1001 is", null, null);
        claim(SHOP_A, RUN_A_FULFIL, "stripe.payment.capture@1", "COMPLETED", now.minus(Duration.ofMinutes(30)));
        inStore(
                SHOP_A,
                "insert into run_ledger (tenant_id, run_id, workflow, started_at, recent_calls) values (?, ?,"
                        + " 'order-fulfill', now(), '[]')",
                SHOP_A,
                RUN_A_FULFIL);

        ledger(
                SHOP_A,
                "stripe.payment_intent",
                INTENT_A,
                null,
                Map.of(
                        "id",
                        INTENT_A,
                        "object",
                        "payment_intent",
                        "status",
                        "succeeded",
                        "amount",
                        4200,
                        "amount_received",
                        4200,
                        "currency",
                        "eur",
                        "metadata",
                        Map.of("order_id", ORDER_A)));
        ledger(
                SHOP_A,
                "stripe.idempotent_request",
                "autobiz:capture-a",
                null,
                Map.of(
                        "requestHash",
                        "h1",
                        "status",
                        200,
                        "body",
                        Map.of("id", INTENT_A, "object", "payment_intent", "status", "succeeded")));
        ledger(
                SHOP_A,
                "stripe.refund",
                REFUND_A,
                INTENT_A,
                Map.of(
                        "id",
                        REFUND_A,
                        "object",
                        "refund",
                        "amount",
                        REFUND_AMOUNT,
                        "currency",
                        "eur",
                        "payment_intent",
                        INTENT_A,
                        "metadata",
                        Map.of("reference", "rr-1")));
        ledger(
                SHOP_A,
                "printful.order",
                "90000001",
                "shopa-1001",
                Map.of("id", 90000001, "external_id", "shopa-1001", "status", "pending"));
        ledger(
                SHOP_A,
                "sendgrid.mail",
                "msg-a-1",
                null,
                Map.of(
                        "messageId",
                        "msg-a-1",
                        "templateId",
                        "d-confirm",
                        "customArgs",
                        Map.of("autobiz_key", "autobiz:mail-a-1", "correlation_id", "c-1")));
        ledger(
                SHOP_A,
                "slack.message",
                "C1/1.000001",
                "C1",
                Map.of("channel", "C1", "ts", "1.000001", "text", "Order #1001 shipped"));
        ledger(
                SHOP_A,
                "slack.message",
                "C1/1.000002",
                "C1",
                Map.of("channel", "C1", "ts", "1.000002", "text", "Order #1002 shipped"));
        ledger(
                SHOP_B,
                "stripe.payment_intent",
                INTENT_B,
                null,
                Map.of(
                        "id",
                        INTENT_B,
                        "object",
                        "payment_intent",
                        "status",
                        "succeeded",
                        "amount",
                        900,
                        "amount_received",
                        900,
                        "currency",
                        "usd",
                        "metadata",
                        Map.of("order_id", ORDER_B)));

        drift(SHOP_A, "drift-a-1", "REPAIRED", EVENT_A_PAID, null, "system");
        drift(SHOP_B, "drift-b-1", "AWAITING_APPROVAL", null, "closeout-2026-12-06", null);
    }

    // Engine rows

    void ended(String run, String key, String store, String businessKey, String endActivity) throws SQLException {
        engine(
                "insert into act_hi_procinst (id_, proc_inst_id_, business_key_, proc_def_key_, proc_def_id_,"
                        + " start_time_, end_time_, end_act_id_, tenant_id_, state_) values (?, ?, ?, ?, ?,"
                        + " now() - interval '1 hour', now() - interval '30 minutes', ?, ?, 'COMPLETED')",
                run,
                run,
                businessKey,
                key,
                definition(key),
                endActivity,
                store);
    }

    /** A running instance: its history row and its execution (what a task, subscription or incident hangs on). */
    void running(String run, String key, String store, String businessKey) throws SQLException {
        engine(
                "insert into act_hi_procinst (id_, proc_inst_id_, business_key_, proc_def_key_, proc_def_id_,"
                        + " start_time_, tenant_id_, state_) values (?, ?, ?, ?, ?, now() - interval '1 hour', ?,"
                        + " 'ACTIVE')",
                run,
                run,
                businessKey,
                key,
                definition(key),
                store);
        engine(
                "insert into act_ru_execution (id_, rev_, root_proc_inst_id_, proc_inst_id_, business_key_,"
                        + " proc_def_id_, is_active_, is_concurrent_, is_scope_, is_event_scope_, suspension_state_,"
                        + " tenant_id_, proc_def_key_) values (?, 1, ?, ?, ?, ?, true, false, true, false, 1, ?, ?)",
                run,
                run,
                run,
                businessKey,
                definition(key),
                store,
                key);
    }

    void variable(String run, String name, String value) throws SQLException {
        engine(
                "insert into act_hi_varinst (id_, proc_inst_id_, execution_id_, name_, var_type_, text_, create_time_)"
                        + " values (?, ?, ?, ?, 'string', ?, now())",
                UUID.randomUUID().toString(),
                run,
                run,
                name,
                value);
    }

    private String definition(String key) throws SQLException {
        String id = key + ":1:it";
        engine(
                "insert into act_re_procdef (id_, rev_, key_, version_, suspension_state_, startable_) values (?, 1,"
                        + " ?, 1, 1, true) on conflict (id_) do nothing",
                id,
                key);
        return id;
    }

    // AutoBiz rows

    void event(String store, String id, String type, String entity, String status) throws SQLException {
        inStore(
                store,
                "insert into event_store (event_id, tenant_id, source, provider_event_id, event_type, entity_id,"
                        + " payload, payload_sha256, signature_valid, status, correlation_id, received_at) values (?, ?,"
                        + " 'shopify', ?, ?, ?, '{}', ?, true, ?, ?, now())",
                id,
                store,
                "wh-" + id,
                type,
                store + ":order:" + entity,
                "0".repeat(64),
                status,
                "corr-" + id);
    }

    Receipt receipt(
            String store,
            String run,
            String tool,
            SideEffect sideEffect,
            String input,
            String providerObjectId,
            FinancialReceipt money)
            throws SQLException {
        String internal = io.autobiz.kernel.crypto.Digests.sha256Hex(store + tool + input);
        Receipt receipt = receipts.append(new NewReceipt(
                TenantId.of(store),
                run,
                "corr-" + run,
                tool,
                sideEffect,
                internal,
                IdempotencyKey.externalFor(internal),
                providerObjectId,
                json(input),
                json("{\"status\":\"ok\"}"),
                money));
        trace(store, run, "called " + tool, input, receipt.receiptId());
        return receipt;
    }

    /** An idempotency record of a call of {@code tool} in {@code run}. */
    void claim(String store, String run, String tool, String status, Instant leaseUntil) throws SQLException {
        String internal = io.autobiz.kernel.crypto.Digests.sha256Hex(store + run + tool);
        inStore(
                store,
                "insert into idempotency_records (tenant_id, internal_key, external_key, tool, args_sha256, status,"
                        + " execution_id, first_seen_at, lease_until, completed_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?)",
                store,
                internal,
                IdempotencyKey.externalFor(internal),
                tool,
                "0".repeat(64),
                status,
                run,
                Timestamp.from(leaseUntil.minus(Duration.ofMinutes(1))),
                Timestamp.from(leaseUntil),
                "COMPLETED".equals(status) ? Timestamp.from(leaseUntil) : null);
    }

    void trace(String store, String run, String detail, String input, String receiptId) throws SQLException {
        inStore(
                store,
                "insert into traces (tenant_id, correlation_id, run_id, workflow, principal, kind, tool, outcome,"
                        + " detail, input, receipt_id) values (?, ?, ?, 'it', 'workflow:it', 'TOOL_CALL', '', 'OK', ?,"
                        + " ?, ?)",
                store,
                "corr-" + run,
                run,
                detail,
                input,
                receiptId);
    }

    void approval(String store, String run, String tool, String input, long amount, String currency, String status)
            throws SQLException {
        inStore(
                store,
                "insert into hitl_requests (request_id, tenant_id, process_instance_id, tool, args_sha256,"
                        + " amount_minor, currency, status, approver_id, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?,"
                        + " 'approver-1', ?)",
                UUID.randomUUID().toString(),
                store,
                run,
                tool,
                Approvals.argumentsSha256(ToolId.parse(tool), json(input)),
                amount,
                currency,
                status,
                Timestamp.from(now.minus(Duration.ofMinutes(10))));
    }

    void ledger(String store, String kind, String id, String ref, Map<String, Object> body) throws SQLException {
        try {
            inStore(
                    store,
                    "insert into sandbox_objects (tenant_id, kind, object_id, ref, body) values (?, ?, ?, ?, ?)",
                    store,
                    kind,
                    id,
                    ref,
                    JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void drift(String store, String id, String status, String eventId, String approvalRef, String decidedBy)
            throws SQLException {
        drift(store, id, true, status, eventId, approvalRef, decidedBy);
    }

    void drift(
            String store,
            String id,
            boolean financial,
            String status,
            String eventId,
            String approvalRef,
            String decidedBy)
            throws SQLException {
        inStore(
                store,
                "insert into reconciliation (reconciliation_id, tenant_id, entity_type, entity_id, drift_kind,"
                        + " financial, status, event_id, approval_ref, decided_by) values (?, ?, 'order', ?,"
                        + " ?, ?, ?, ?, ?, ?)",
                id,
                store,
                store + ":order:" + id,
                financial ? "FINANCIAL_DRIFT" : "STATE_DRIFT",
                financial,
                status,
                eventId,
                approvalRef,
                decidedBy);
    }

    /** The store's daily closeout is scheduled: the engine holds its start timer, due at {@code due}. */
    void closeoutTimer(String store, String jobId, Instant due) throws SQLException {
        engine(
                "insert into act_ru_job (id_, rev_, type_, duedate_, retries_, handler_type_, handler_cfg_,"
                        + " process_def_key_, tenant_id_, suspension_state_, priority_, create_time_) values (?, 1,"
                        + " 'timer', ?, 3, 'timer-start-event', 'Start_Daily', 'daily-closeout', ?, 1, 0, now())",
                jobId,
                Timestamp.from(due),
                store);
    }

    // Plumbing

    /** Statements in one store's transaction: the tables are under forced row-level security, the owner included. */
    void inStore(String store, String sql, Object... parameters) throws SQLException {
        try (Connection connection = owner.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement context = connection.prepareStatement("select set_tenant_context(?)")) {
                context.setString(1, store);
                context.executeQuery().close();
            }
            execute(connection, sql, parameters);
            connection.commit();
        }
    }

    void engine(String sql, Object... parameters) throws SQLException {
        try (Connection connection = owner.getConnection()) {
            execute(connection, sql, parameters);
        }
    }

    /** Statements as the owner outside any store (DDL such as disabling a trigger), in one transaction. */
    void asOwner(String store, String... statements) throws SQLException {
        try (Connection connection = owner.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement context = connection.prepareStatement("select set_tenant_context(?)")) {
                context.setString(1, store);
                context.executeQuery().close();
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            connection.commit();
        }
    }

    private static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    /** The engine's own create scripts, as the application's migration V1 (CamundaEngineSchema) runs them. */
    private void engineSchema() throws SQLException {
        try (Connection connection = owner.getConnection();
                Statement statement = connection.createStatement()) {
            for (String part : new String[] {"engine", "history", "identity"}) {
                String resource = "org/camunda/bpm/engine/db/create/activiti.postgres.create." + part + ".sql";
                StringBuilder script = new StringBuilder();
                for (String line : read(resource).split("\n")) {
                    if (!line.trim().startsWith("--")) {
                        script.append(line).append('\n');
                    }
                }
                for (String sql : script.toString().split(";")) {
                    if (!sql.isBlank()) {
                        statement.execute(sql);
                    }
                }
            }
        }
    }

    private static String read(String resource) {
        try (InputStream in = SoakData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the engine jar has no " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
