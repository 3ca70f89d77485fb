package io.autobiz.perf;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What the soak's events became, read from the database as the schema owner after the system settled: the latency
 * from an event's arrival at ingress to its effect (both timestamps from PostgreSQL's clock), what ingress stored, what
 * the engine ran and retried, what reconciliation found. The invariant checker judges; this only describes.
 */
final class SoakOutcome {

    /** The seven workflows by process key, in the seed's order. */
    static final Map<String, String> WORKFLOWS = new LinkedHashMap<>();

    static {
        WORKFLOWS.put("order-fulfill", "WF01 order fulfilment");
        WORKFLOWS.put("payment-failure", "WF02 payment failure");
        WORKFLOWS.put("refund", "WF03 refund");
        WORKFLOWS.put("order-cancel", "WF04 order cancellation");
        WORKFLOWS.put("wismo", "WF05 where is my order");
        WORKFLOWS.put("fulfillment-exception", "WF06 fulfilment exception");
        WORKFLOWS.put("daily-closeout", "WF07 daily closeout");
    }

    private final SoakDatabase database;
    private final List<String> stores;

    SoakOutcome(SoakDatabase database, List<String> stores) {
        this.database = database;
        this.stores = stores;
    }

    private Connection owner() throws SQLException {
        return database.connect();
    }

    Map<String, Object> latencies() throws SQLException {
        Map<String, Object> latencies = new LinkedHashMap<>();
        latencies.put(
                "orderPaidToPrintfulOrder",
                histogram(
                        "select extract(epoch from (p.created_at - e.received_at)) * 1000 from event_store e"
                                + " join sandbox_objects p on p.tenant_id = e.tenant_id and p.kind = 'printful.order'"
                                + " and p.ref = 'shopify-' || substring(e.payload from '^\\{\"id\":([0-9]+)')"
                                + " where e.source = 'shopify' and e.event_type = 'orders/paid'",
                        "Shopify orders/paid received at ingress → the order placed at Printful (WF01's first"
                                + " fulfilment effect)"));
        latencies.put(
                "receivedToProcessed",
                histogram(
                        "select extract(epoch from (processed_at - received_at)) * 1000 from event_store"
                                + " where processed_at is not null",
                        "any webhook event received at ingress → handed to its workflow (event_store.processed_at)"));
        return latencies;
    }

    private Map<String, Object> histogram(String sql, String what) throws SQLException {
        Histogram histogram = new Histogram(3_600_000L, 3);
        for (String store : stores) {
            database.inStore(store, connection -> {
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        histogram.recordValue(Math.max(0, Math.min(3_600_000L, Math.round(rows.getDouble(1)))));
                    }
                }
                return null;
            });
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("what", what);
        figures.put("n", histogram.getTotalCount());
        figures.put("p50Ms", histogram.getValueAtPercentile(50));
        figures.put("p99Ms", histogram.getValueAtPercentile(99));
        figures.put("maxMs", histogram.getMaxValue());
        return figures;
    }

    Map<String, Object> outcomes() throws SQLException {
        Map<String, Object> outcomes = new LinkedHashMap<>();
        try (Connection owner = owner();
                Statement statement = owner.createStatement()) {
            outcomes.put(
                    "eventsStored",
                    inStores("select source || ' ' || event_type || ' ' || status, count(*)"
                            + " from event_store group by 1 order by 1"));
            outcomes.put(
                    "runs",
                    rows(
                            statement,
                            "select d.key_ || ' ' || p.state_, count(*) from act_hi_procinst p"
                                    + " join act_re_procdef d on d.id_ = p.proc_def_id_ group by 1 order by 1"));
            outcomes.put(
                    "jobFailuresRetriedByTheEngine",
                    rows(
                            statement,
                            "select left(job_exception_msg_, 90),"
                                    + " count(*) from act_hi_job_log where job_exception_msg_ is not null group by 1"
                                    + " order by 2 desc limit 15"));
            outcomes.put(
                    "jobsByNode",
                    rows(
                            statement,
                            "select hostname_, count(*) from act_hi_job_log"
                                    + " where job_exception_msg_ is null and job_state_ = 2 group by 1 order by 1"));
            outcomes.put(
                    "incidentsOpen",
                    rows(
                            statement,
                            "select left(incident_msg_, 90), count(*)"
                                    + " from act_ru_incident group by 1 order by 2 desc limit 15"));
            outcomes.put(
                    "reconciliation",
                    inStores("select entity_type || ' ' || drift_kind || ' ' || status,"
                            + " count(*) from reconciliation group by 1 order by 1"));
            outcomes.put("tasksOpen", rows(statement, "select name_, count(*) from act_ru_task group by 1 order by 1"));
        }
        return outcomes;
    }

    /** A count by key over every store's rows of a tenant-scoped table (row-level security: one store at a time). */
    private Map<String, Long> inStores(String sql) throws SQLException {
        Map<String, Long> total = new java.util.TreeMap<>();
        for (String store : stores) {
            database.inStore(store, connection -> {
                try (Statement statement = connection.createStatement()) {
                    rows(statement, sql).forEach((key, n) -> total.merge(key, n, Long::sum));
                }
                return null;
            });
        }
        return total;
    }

    private static Map<String, Long> rows(Statement statement, String sql) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.put(String.valueOf(result.getString(1)), result.getLong(2));
            }
        }
        return rows;
    }

    /**
     * Only when the invariant checker could not run: runs per workflow from the engine's history, a run counting as a
     * success when it completed (ended through its model, approvals denied or timed out included), or is waiting for
     * a person; not a substitute for the checker's judgement.
     */
    List<Map<String, Object>> workflowRates() throws SQLException {
        List<Map<String, Object>> rates = new ArrayList<>();
        try (Connection owner = owner();
                Statement statement = owner.createStatement()) {
            for (Map.Entry<String, String> workflow : WORKFLOWS.entrySet()) {
                String key = workflow.getKey();
                long runs = count(
                        statement,
                        "select count(*) from act_hi_procinst p join act_re_procdef d"
                                + " on d.id_ = p.proc_def_id_ where d.key_ = '" + key + "'");
                long succeeded = count(
                        statement,
                        "select count(*) from act_hi_procinst p join act_re_procdef d"
                                + " on d.id_ = p.proc_def_id_ where d.key_ = '" + key + "' and (p.state_ = 'COMPLETED'"
                                + " or (p.state_ = 'ACTIVE' and exists (select 1 from act_ru_task t"
                                + " where t.proc_inst_id_ = p.id_)"
                                + " and not exists (select 1 from act_ru_incident i where i.proc_inst_id_ = p.id_)))");
                Map<String, Object> rate = new LinkedHashMap<>();
                rate.put("workflow", workflow.getValue());
                rate.put("processKey", key);
                rate.put("runs", runs);
                rate.put("succeeded", succeeded);
                rate.put("raw", runs == 0 ? 0.0 : succeeded / (double) runs);
                rate.put("wilsonLower95", SoakReport.wilsonLower95(succeeded, runs));
                rates.add(rate);
            }
        }
        return rates;
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
