package io.autobiz.perf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The people and the clock around the workflows: a scripted approver who decides every approval task through the
 * engine REST API (approves, denies, or leaves it to time out), and the hand that moves timers along (an approval's
 * timeout, WF02's wait for the customer to pay again, WF06's back-off) by setting their due date through the engine
 * REST API, so that no real timer is slept out. Which timers are due is read from the engine's tables as the schema
 * owner (reading only); every change goes through the REST API of a live node.
 */
final class SoakPeople implements Runnable {

    static final Set<String> APPROVAL_TASKS = Set.of("Task_Approve", "Task_ApproveRefund", "Task_ApproveRepair");
    static final List<String> APPROVAL_TIMEOUTS = List.of("Timer_ApprovalTimeout", "Timer_RefundApprovalTimeout");
    /** WF02's wait for payment and WF06's back-off before it reads Printful again. */
    static final List<String> WAITS = List.of("Catch_WaitOver", "Timer_Backoff");

    private static final DateTimeFormatter CAMUNDA_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final SoakDatabase database;
    private final SoakTraffic traffic;
    private final double approve;
    private final double deny;
    private final Set<String> decided = ConcurrentHashMap.newKeySet();
    private final Set<String> movedTimers = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicLong> decisions = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> timersMoved = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    SoakPeople(SoakDatabase database, SoakTraffic traffic, double approve, double deny) {
        this.database = database;
        this.traffic = traffic;
        this.approve = approve;
        this.deny = deny;
    }

    /** The approver: a user of the engine, member of every store's approvers group and of every store. */
    void createApprover(List<String> stores) throws Exception {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("id", SoakTraffic.APPROVER_ID);
        profile.put("firstName", "Scripted");
        profile.put("lastName", "Approver");
        profile.put("email", "soakapprover@example.com");
        String body = SoakJson.compact(
                Map.of("profile", profile, "credentials", Map.of("password", SoakTraffic.APPROVER_PASSWORD)));
        expect(
                traffic.send(traffic.anyNode(), "POST", "/engine-rest/user/create", body, SoakTraffic.ADMIN, Map.of()),
                "create the approver");
        for (String store : stores) {
            expect(
                    traffic.send(
                            traffic.anyNode(),
                            "PUT",
                            "/engine-rest/group/" + store + "-approvers/members/" + SoakTraffic.APPROVER_ID,
                            null,
                            SoakTraffic.ADMIN,
                            Map.of()),
                    "add the approver to " + store + "-approvers");
            expect(
                    traffic.send(
                            traffic.anyNode(),
                            "PUT",
                            "/engine-rest/tenant/" + store + "/user-members/" + SoakTraffic.APPROVER_ID,
                            null,
                            SoakTraffic.ADMIN,
                            Map.of()),
                    "add the approver to store " + store);
        }
    }

    private static void expect(HttpResponse<String> answer, String what) {
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + ": HTTP " + answer.statusCode() + " " + answer.body());
        }
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                decideApprovals();
                moveWaits();
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                SoakTraffic.count(failures, e.getClass().getSimpleName());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Every approval task the approver sees, decided once. The list asks for approval tasks only: the approver's groups
     * also hold the follow-up tasks a person works on (no one does in the soak), and once 500 of those were older than
     * every approval, a list of the oldest 500 tasks held no approval at all and the approvals stopped.
     */
    void decideApprovals() throws Exception {
        HttpResponse<String> listed = traffic.send(
                traffic.anyNode(),
                "GET",
                "/engine-rest/task?maxResults=500&sortBy=created&sortOrder=asc&taskDefinitionKeyIn="
                        + String.join(",", new java.util.TreeSet<>(APPROVAL_TASKS)),
                null,
                SoakTraffic.APPROVER,
                Map.of());
        if (listed.statusCode() != 200) {
            SoakTraffic.count(failures, "task list HTTP " + listed.statusCode());
            return;
        }
        for (JsonNode task : SoakJson.parse(listed.body())) {
            String id = task.path("id").asText();
            if (!APPROVAL_TASKS.contains(task.path("taskDefinitionKey").asText()) || decided.contains(id)) {
                continue;
            }
            String workflow = task.path("processDefinitionId").asText().replaceAll(":.*", "");
            double draw = traffic.nextDouble();
            if (draw < approve || draw < approve + deny) {
                boolean approved = draw < approve;
                String body = SoakJson.compact(Map.of(
                        "variables",
                        Map.of(
                                "approved", Map.of("value", approved, "type", "Boolean"),
                                "approvalComment",
                                        Map.of(
                                                "value",
                                                approved ? "soak: approved" : "soak: denied",
                                                "type",
                                                "String"))));
                HttpResponse<String> done = traffic.send(
                        traffic.anyNode(),
                        "POST",
                        "/engine-rest/task/" + id + "/complete",
                        body,
                        SoakTraffic.APPROVER,
                        Map.of());
                if (done.statusCode() == 204) {
                    decided.add(id);
                    SoakTraffic.count(decisions, workflow + " " + (approved ? "approved" : "denied"));
                } else if (done.statusCode() == 404) {
                    decided.add(id); // ended meanwhile (its run moved on)
                } else {
                    SoakTraffic.count(failures, "complete HTTP " + done.statusCode());
                }
            } else {
                int moved = moveTimers(task.path("processInstanceId").asText(), APPROVAL_TIMEOUTS, 0);
                if (moved > 0) {
                    decided.add(id);
                    SoakTraffic.count(decisions, workflow + " left to time out");
                }
            }
        }
    }

    /** WF02's wait and WF06's back-off, moved along once they have stood a few seconds. */
    void moveWaits() throws Exception {
        moveTimers(null, WAITS, 3);
    }

    /**
     * Sets the due date of the matching timers to now, through the engine REST API; the nodes' job executors then run
     * them as they run any due job. Returns how many were moved.
     */
    private int moveTimers(String processInstance, List<String> activities, int olderThanSeconds) throws Exception {
        int moved = 0;
        for (String[] timer : timers(processInstance, activities, olderThanSeconds)) {
            if (!movedTimers.add(timer[0])) {
                continue;
            }
            String body = SoakJson.compact(Map.of("duedate", CAMUNDA_DATE.format(Instant.now())));
            HttpResponse<String> answer;
            try {
                answer = traffic.send(
                        traffic.anyNode(),
                        "PUT",
                        "/engine-rest/job/" + timer[0] + "/duedate",
                        body,
                        SoakTraffic.ADMIN,
                        Map.of());
            } catch (IOException down) {
                movedTimers.remove(timer[0]);
                continue;
            }
            if (answer.statusCode() == 204) {
                moved++;
                SoakTraffic.count(timersMoved, timer[1]);
            } else if (answer.statusCode() != 404) {
                movedTimers.remove(timer[0]);
                SoakTraffic.count(failures, "duedate HTTP " + answer.statusCode());
            }
        }
        return moved;
    }

    private List<String[]> timers(String processInstance, List<String> activities, int olderThanSeconds)
            throws SQLException {
        String sql = "select j.id_, d.act_id_ from act_ru_job j join act_ru_jobdef d on d.id_ = j.job_def_id_"
                + " where j.type_ = 'timer' and d.act_id_ = any (?) and j.duedate_ > current_timestamp"
                + " and j.create_time_ < current_timestamp - make_interval(secs => ?)"
                + (processInstance == null ? "" : " and j.process_instance_id_ = ?");
        try (Connection owner = owner();
                PreparedStatement query = owner.prepareStatement(sql)) {
            query.setArray(1, owner.createArrayOf("varchar", activities.toArray()));
            query.setInt(2, olderThanSeconds);
            if (processInstance != null) {
                query.setString(3, processInstance);
            }
            List<String[]> found = new java.util.ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            return found;
        }
    }

    Connection owner() throws SQLException {
        return database.connect();
    }

    /** How many approval tasks are open and not yet decided by this approver (read from the engine's tables). */
    int openApprovals() throws SQLException {
        Set<String> open = new HashSet<>();
        try (Connection owner = owner();
                PreparedStatement query =
                        owner.prepareStatement("select id_ from act_ru_task where task_def_key_ = any (?)")) {
            query.setArray(1, owner.createArrayOf("varchar", APPROVAL_TASKS.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    open.add(rows.getString(1));
                }
            }
        }
        return open.size();
    }
}
