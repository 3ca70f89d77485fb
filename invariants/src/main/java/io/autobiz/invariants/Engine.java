package io.autobiz.invariants;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Camunda engine's own tables say about the runs: the history of every process instance (ACT_HI_PROCINST,
 * ACT_HI_ACTINST, ACT_HI_VARINST), and of the running ones what they wait for (ACT_RU_TASK, ACT_RU_EVENT_SUBSCR,
 * ACT_RU_JOB, ACT_RU_EXT_TASK) and what went wrong (ACT_RU_INCIDENT, jobs without retries or overdue). The engine's
 * tables are not under row-level security; a database without them (AutoBiz's tables only) has no runs.
 */
final class Engine {

    /** A run as the engine's history has it; {@code store} is its tenant ID, or its {@code tenantId} variable. */
    record Run(
            String id,
            String processKey,
            String businessKey,
            String store,
            String state,
            String endActivity,
            Instant ended,
            String deleteReason) {

        boolean running() {
            return ended == null;
        }

        /** How an offender names a run: its ID, workflow, store and business key. */
        String describe() {
            return "run " + id + " (" + Workflows.idOf(processKey) + " " + processKey + ", store " + store
                    + ", business key " + businessKey + ")";
        }
    }

    final Map<String, Run> runs = new LinkedHashMap<>();
    /** Stores the engine knows: its tenants, and every run's store. */
    final Set<String> stores = new LinkedHashSet<>();
    /** Per run: what is wrong with it now (open incidents, jobs that cannot or did not run). */
    final Map<String, List<String>> trouble = new HashMap<>();
    /** Per run: the error end or error start event it went through (an error end, a kernel bound that stopped it). */
    final Map<String, String> errorEvents = new HashMap<>();
    /** Runs that wait for something: a person's task, a message or signal, a timer, an external worker. */
    final Set<String> waiting = new HashSet<>();
    /** Runs that wait for a person: an open user task. */
    final Set<String> waitingForPerson = new HashSet<>();
    /**
     * Per store: when its next daily closeout (WF07) starts, as the start timer the engine holds for it (the earliest,
     * if more than one; suspended timers do not count: they will not fire).
     */
    final Map<String, Instant> nextCloseout = new HashMap<>();
    /** Per run: the stored events it was started or continued with (its {@code eventId} variable). */
    final Map<String, List<String>> eventIds = new HashMap<>();

    private final boolean present;

    private Engine(boolean present) {
        this.present = present;
    }

    boolean present() {
        return present;
    }

    static Engine read(Connection connection, Instant now, Duration stuckAfter, LeakScanner leaks) throws SQLException {
        if (!tableExists(connection, "act_hi_procinst")) {
            return new Engine(false);
        }
        Engine engine = new Engine(true);
        if (tableExists(connection, "act_id_tenant")) {
            query(connection, "select id_ from act_id_tenant order by id_", row -> engine.stores.add(row.getString(1)));
        }
        query(
                connection,
                "select p.proc_inst_id_, p.proc_def_key_, p.business_key_, coalesce(p.tenant_id_, (select min(v.text_)"
                        + " from act_hi_varinst v where v.proc_inst_id_ = p.proc_inst_id_ and v.name_ = 'tenantId')),"
                        + " p.state_, p.end_act_id_, p.end_time_, p.delete_reason_ from act_hi_procinst p"
                        + " order by p.start_time_, p.proc_inst_id_",
                row -> {
                    Timestamp ended = row.getTimestamp(7);
                    Run run = new Run(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            row.getString(4),
                            row.getString(5),
                            row.getString(6),
                            ended == null ? null : ended.toInstant(),
                            row.getString(8));
                    engine.runs.put(run.id(), run);
                    if (run.store() != null) {
                        engine.stores.add(run.store());
                    }
                });
        query(
                connection,
                "select proc_inst_id_, act_type_, act_id_ from act_hi_actinst"
                        + " where act_type_ in ('errorEndEvent', 'errorStartEvent') order by start_time_",
                row -> engine.errorEvents.putIfAbsent(row.getString(1), row.getString(2) + " " + row.getString(3)));
        query(
                connection,
                "select proc_inst_id_, text_ from act_hi_varinst where name_ = 'eventId' and text_ is not null",
                row -> engine.eventIds
                        .computeIfAbsent(row.getString(1), k -> new ArrayList<>())
                        .add(row.getString(2)));
        query(connection, "select distinct proc_inst_id_ from act_ru_task where proc_inst_id_ is not null", row -> {
            engine.waiting.add(row.getString(1));
            engine.waitingForPerson.add(row.getString(1));
        });
        query(
                connection,
                "select distinct proc_inst_id_ from act_ru_event_subscr where proc_inst_id_ is not null",
                row -> engine.waiting.add(row.getString(1)));
        if (tableExists(connection, "act_ru_ext_task")) {
            query(
                    connection,
                    "select distinct proc_inst_id_ from act_ru_ext_task where proc_inst_id_ is not null",
                    row -> engine.waiting.add(row.getString(1)));
        }
        query(
                connection,
                "select id_, proc_inst_id_, incident_type_, activity_id_, incident_msg_ from act_ru_incident"
                        + " where proc_inst_id_ is not null order by incident_timestamp_",
                row -> engine.trouble(row.getString(2))
                        .add("open incident " + row.getString(1) + " (" + row.getString(3) + " at " + row.getString(4)
                                + "): " + safe(leaks, row.getString(5))));
        query(
                connection,
                "select tenant_id_, duedate_ from act_ru_job where handler_type_ = 'timer-start-event'"
                        + " and process_def_key_ = ? and tenant_id_ is not null and duedate_ is not null"
                        + " and suspension_state_ = 1",
                row -> engine.nextCloseout.merge(
                        row.getString(1), row.getTimestamp(2).toInstant(), (a, b) -> a.isBefore(b) ? a : b),
                Workflows.DAILY_CLOSEOUT);
        Instant stuckBefore = now.minus(stuckAfter);
        query(
                connection,
                "select id_, process_instance_id_, type_, retries_, exception_msg_, duedate_, create_time_,"
                        + " lock_exp_time_, failed_act_id_, suspension_state_ from act_ru_job"
                        + " where process_instance_id_ is not null order by id_",
                row -> {
                    String job = row.getString(1);
                    String run = row.getString(2);
                    String type = row.getString(3);
                    int retries = row.getInt(4);
                    Timestamp due = row.getTimestamp(6) != null ? row.getTimestamp(6) : row.getTimestamp(7);
                    Timestamp lock = row.getTimestamp(8);
                    boolean locked = lock != null && lock.toInstant().isAfter(now);
                    engine.waiting.add(run);
                    if (retries <= 0) {
                        engine.trouble(run)
                                .add("job " + job + " (" + type + " at " + row.getString(9) + ") has no retries left: "
                                        + safe(leaks, row.getString(5)));
                    } else if (row.getInt(10) == 1
                            && !locked
                            && due != null
                            && due.toInstant().isBefore(stuckBefore)) {
                        engine.trouble(run)
                                .add("job " + job + " (" + type + ") was due at " + due.toInstant()
                                        + " and has not run"
                                        + (row.getString(5) == null
                                                ? ""
                                                : "; last failure: " + safe(leaks, row.getString(5))));
                    }
                });
        return engine;
    }

    private List<String> trouble(String run) {
        return trouble.computeIfAbsent(run, k -> new ArrayList<>());
    }

    /** An engine message may quote a provider's answer; it is shown only when it holds nothing SOAK-INV-06 forbids. */
    private static String safe(LeakScanner leaks, String message) {
        if (message == null) {
            return "(no message)";
        }
        if (!leaks.scan(message).isEmpty()) {
            return "(message withheld: it holds personal data or a secret)";
        }
        String oneLine = message.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    interface RowHandler {
        void handle(ResultSet row) throws SQLException;
    }

    static void query(Connection connection, String sql, RowHandler handler, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(1000);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    handler.handle(rows);
                }
            }
        }
    }

    static boolean tableExists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select to_regclass(?) is not null")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }
}
