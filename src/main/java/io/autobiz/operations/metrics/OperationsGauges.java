package io.autobiz.operations.metrics;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The gauges an operator's backlogs need, computed from the engine and the database every few seconds (not on every
 * scrape: a scrape must stay cheap when several Prometheus servers read it):
 *
 * <ul>
 *   <li>{@code hitl_task_backlog_depth} / {@code hitl_task_backlog_oldest_age_seconds} {tenant,workflow,task}: open
 *       user tasks (approvals and hand-overs alike) per store and task kind, and how long the oldest has waited;
 *   <li>{@code reconciliation_queue_depth{tenant,status}} / {@code reconciliation_oldest_open_age_seconds{tenant}}:
 *       drift nobody has settled (open, awaiting approval, repair failed);
 *   <li>{@code reconciliation_drift_recorded{tenant,financial}}: every drift row ever recorded (rows are never
 *       removed), so its growth is "drift detected" on every node alike, without waiting for a counter's first event;
 *   <li>{@code event_inbox_depth{tenant,status}} / {@code event_inbox_oldest_age_seconds{tenant}}: provider events not
 *       delivered (waiting, held by the ordering gate, or parked for an operator), and the oldest still waiting to
 *       be delivered (received or held);
 *   <li>{@code workflow_instances_active{tenant,workflow}} and {@code workflow_incidents_open{tenant,workflow}}.
 * </ul>
 *
 * Store-level rows are 0 when their backlog is empty (every store, every counted status, every deployed workflow), so
 * a dashboard shows an empty queue as 0 rather than "no data"; per-task rows exist only while such a task is open.
 */
public class OperationsGauges {

    private static final Logger log = LoggerFactory.getLogger(OperationsGauges.class);

    /** Reconciliation rows a person or a repair still has to settle. */
    static final List<String> UNSETTLED_DRIFT = List.of("OPEN", "AWAITING_APPROVAL", "REPAIR_FAILED");
    /** Events not delivered: waiting, held, or parked until an operator releases them. */
    static final List<String> UNDELIVERED_EVENTS =
            List.of("RECEIVED", "HELD", "UNMATCHED", "NO_SUBSCRIBER", "RECONCILE", "FAILED");
    /** Events the processor still means to deliver by itself; their age is what "the inbox is stalled" means. */
    static final List<String> WAITING_EVENTS = List.of("RECEIVED", "HELD");

    private final TaskService tasks;
    private final RuntimeService runtime;
    private final IdentityService identity;
    private final RepositoryService repository;
    private final TenantJdbc jdbc;
    private final Clock clock;

    private final SteadyGauge taskDepth;
    private final SteadyGauge taskOldest;
    private final SteadyGauge driftDepth;
    private final SteadyGauge driftOldest;
    private final SteadyGauge driftRecorded;
    private final SteadyGauge inboxDepth;
    private final SteadyGauge inboxOldest;
    private final SteadyGauge instancesActive;
    private final SteadyGauge incidentsOpen;

    public OperationsGauges(
            TaskService tasks,
            RuntimeService runtime,
            IdentityService identity,
            RepositoryService repository,
            TenantJdbc jdbc,
            Clock clock,
            MeterRegistry meters) {
        this.tasks = tasks;
        this.runtime = runtime;
        this.identity = identity;
        this.repository = repository;
        this.jdbc = jdbc;
        this.clock = clock;
        this.taskDepth = gauge("hitl_task_backlog_depth", "open user tasks per store, workflow and task", meters);
        this.taskOldest =
                gauge("hitl_task_backlog_oldest_age_seconds", "age of the oldest open user task, in seconds", meters);
        this.driftDepth = gauge("reconciliation_queue_depth", "unsettled reconciliation rows by status", meters);
        this.driftOldest = gauge(
                "reconciliation_oldest_open_age_seconds", "age of the oldest unsettled drift, in seconds", meters);
        this.driftRecorded =
                gauge("reconciliation_drift_recorded", "drift rows ever recorded, financial or not", meters);
        this.inboxDepth = gauge("event_inbox_depth", "provider events not delivered, by status", meters);
        this.inboxOldest = gauge(
                "event_inbox_oldest_age_seconds",
                "age of the oldest event still waiting to be delivered (received or held), in seconds",
                meters);
        this.instancesActive = gauge("workflow_instances_active", "running process instances", meters);
        this.incidentsOpen = gauge("workflow_incidents_open", "open engine incidents", meters);
    }

    private static SteadyGauge gauge(String name, String description, MeterRegistry meters) {
        return SteadyGauge.register(name, description, meters);
    }

    @Scheduled(
            fixedDelayString = "${autobiz.operations.metrics-refresh:PT5S}",
            initialDelayString = "${autobiz.operations.metrics-initial-delay:PT5S}")
    public void refresh() {
        Instant now = clock.instant();
        List<TenantId> stores = stores();
        try {
            refreshEngine(stores, now);
        } catch (RuntimeException e) {
            log.warn("engine backlog gauges not refreshed: {}", e.getMessage());
        }
        Map<Tags, Long> driftRows = new HashMap<>();
        Map<Tags, Long> driftAgeRows = new HashMap<>();
        Map<Tags, Long> driftRecordedRows = new HashMap<>();
        Map<Tags, Long> inboxRows = new HashMap<>();
        Map<Tags, Long> inboxAgeRows = new HashMap<>();
        for (TenantId tenant : stores) {
            try {
                Backlog drift = backlog(tenant, "reconciliation", "created_at", UNSETTLED_DRIFT, UNSETTLED_DRIFT);
                drift.addRows(tenant, now, driftRows, driftAgeRows);
                driftRecorded(tenant)
                        .forEach((financial, count) -> driftRecordedRows.put(
                                Tags.of("tenant", tenant.value(), "financial", String.valueOf(financial)), count));
                Backlog inbox = backlog(tenant, "event_store", "received_at", UNDELIVERED_EVENTS, WAITING_EVENTS);
                inbox.addRows(tenant, now, inboxRows, inboxAgeRows);
            } catch (RuntimeException e) {
                log.warn("backlog gauges of {} not refreshed: {}", tenant, e.getMessage());
            }
        }
        driftDepth.update(driftRows);
        driftOldest.update(driftAgeRows);
        driftRecorded.update(driftRecordedRows);
        inboxDepth.update(inboxRows);
        inboxOldest.update(inboxAgeRows);
    }

    private void refreshEngine(List<TenantId> stores, Instant now) {
        Map<Tags, long[]> openTasks = new HashMap<>();
        for (Task task : tasks.createTaskQuery().list()) {
            if (task.getTenantId() == null || task.getProcessDefinitionId() == null) {
                continue;
            }
            Tags tags = Tags.of(
                    "tenant",
                    task.getTenantId(),
                    "workflow",
                    WorkflowOutcomes.processKey(task.getProcessDefinitionId()),
                    "task",
                    String.valueOf(task.getTaskDefinitionKey()));
            long[] depthAndOldest = openTasks.computeIfAbsent(tags, key -> new long[] {0, 0});
            depthAndOldest[0]++;
            depthAndOldest[1] = Math.max(depthAndOldest[1], ageSeconds(task.getCreateTime(), now));
        }
        Map<Tags, Long> depthRows = new HashMap<>();
        Map<Tags, Long> oldestRows = new HashMap<>();
        openTasks.forEach((tags, value) -> {
            depthRows.put(tags, value[0]);
            oldestRows.put(tags, value[1]);
        });
        taskDepth.update(depthRows);
        taskOldest.update(oldestRows);

        Map<Tags, Long> zeroPerWorkflow = new HashMap<>();
        for (ProcessDefinition definition :
                repository.createProcessDefinitionQuery().latestVersion().list()) {
            for (TenantId store : stores) {
                zeroPerWorkflow.put(workflowTags(store.value(), definition.getId()), 0L);
            }
        }
        Map<Tags, Long> active = new HashMap<>(zeroPerWorkflow);
        for (ProcessInstance instance :
                runtime.createProcessInstanceQuery().active().list()) {
            if (instance.getTenantId() != null) {
                active.merge(workflowTags(instance.getTenantId(), instance.getProcessDefinitionId()), 1L, Long::sum);
            }
        }
        instancesActive.update(active);

        Map<Tags, Long> incidents = new HashMap<>(zeroPerWorkflow);
        for (Incident incident : runtime.createIncidentQuery().list()) {
            if (incident.getTenantId() != null && incident.getProcessDefinitionId() != null) {
                incidents.merge(workflowTags(incident.getTenantId(), incident.getProcessDefinitionId()), 1L, Long::sum);
            }
        }
        incidentsOpen.update(incidents);
    }

    private static Tags workflowTags(String tenant, String processDefinitionId) {
        return Tags.of("tenant", tenant, "workflow", WorkflowOutcomes.processKey(processDefinitionId));
    }

    /** The stores the engine knows (TenantProvisioning creates one engine tenant per store). */
    private List<TenantId> stores() {
        List<TenantId> stores = new ArrayList<>();
        for (Tenant tenant : identity.createTenantQuery().list()) {
            if (TenantId.isValid(tenant.getId())) {
                stores.add(TenantId.of(tenant.getId()));
            }
        }
        return stores;
    }

    /** Rows per status of one store's table, and the oldest row among the statuses that age. */
    private Backlog backlog(TenantId tenant, String table, String since, List<String> counted, List<String> ageing) {
        // Table and column names are constants of this class, never input.
        String placeholders =
                String.join(", ", counted.stream().map(status -> "?").toList());
        String sql = "select status, count(*), min(" + since + ") from " + table
                + " where tenant_id = ? and status in (" + placeholders + ") group by status";
        return jdbc.inNewTransaction(tenant, connection -> {
            Map<String, Long> depth = new TreeMap<>();
            counted.forEach(status -> depth.put(status, 0L));
            Instant oldest = null;
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int i = 1;
                select.setString(i++, tenant.value());
                for (String status : counted) {
                    select.setString(i++, status);
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String status = rows.getString(1);
                        depth.put(status, rows.getLong(2));
                        Timestamp first = rows.getTimestamp(3);
                        if (ageing.contains(status)
                                && first != null
                                && (oldest == null || first.toInstant().isBefore(oldest))) {
                            oldest = first.toInstant();
                        }
                    }
                }
            }
            return new Backlog(depth, oldest);
        });
    }

    private Map<Boolean, Long> driftRecorded(TenantId tenant) {
        return jdbc.inNewTransaction(tenant, connection -> {
            Map<Boolean, Long> recorded = new TreeMap<>(Map.of(false, 0L, true, 0L));
            try (PreparedStatement select = connection.prepareStatement(
                    "select financial, count(*) from reconciliation where tenant_id = ? group by financial")) {
                select.setString(1, tenant.value());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        recorded.put(rows.getBoolean(1), rows.getLong(2));
                    }
                }
            }
            return recorded;
        });
    }

    private static long ageSeconds(Date since, Instant now) {
        return since == null
                ? 0
                : Math.max(0, Duration.between(since.toInstant(), now).toSeconds());
    }

    private record Backlog(Map<String, Long> depthByStatus, Instant oldest) {

        void addRows(TenantId tenant, Instant now, Map<Tags, Long> depth, Map<Tags, Long> age) {
            depthByStatus.forEach(
                    (status, count) -> depth.put(Tags.of("tenant", tenant.value(), "status", status), count));
            long ageSeconds = oldest == null
                    ? 0
                    : Math.max(0, Duration.between(oldest, now).toSeconds());
            age.put(Tags.of("tenant", tenant.value()), ageSeconds);
        }
    }
}
