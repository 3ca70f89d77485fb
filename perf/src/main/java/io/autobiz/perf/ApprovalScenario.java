package io.autobiz.perf;

import io.autobiz.testsupport.TestDatabase;
import io.autobiz.testsupport.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * P6 (issue 19): from an approval's completion to the next service task's tool call starting. WF03 (refund) runs as in
 * production up to its approval task (started through {@code /engine-rest} with its declared variables, as an
 * integration would); an approver of the store completes the task through {@code POST /engine-rest/task/{id}/complete}
 * as Tasklist does; the refund job then calls Stripe. The interval runs from the task's end as the engine recorded it
 * ({@code act_hi_taskinst.end_time_}, the application's clock) to the moment Stripe's refund request arrives at
 * {@link ProviderStandIns} (this JVM's clock, taken when the request arrives, not by polling; same machine, same
 * system clock, millisecond resolution). Two phases: the job executor idle (one approval at a time, nothing else
 * running), then under load (WF01 traffic as in {@link Wf01Scenario} running alongside).
 *
 * <p>Settings ({@code -D}): {@code perf.approvals} (40 per phase), {@code perf.loadOrders} (WF01 orders sent during the
 * loaded phase, 400), {@code perf.inFlight} (32 WF01 runs in flight), {@code perf.port} (18195), {@code perf.app} and
 * {@code perf.jvmArgs} as in {@link IngressScenario}.
 */
public final class ApprovalScenario {

    private static final String APPROVER = "perfapprover";
    private static final String APPROVER_PASSWORD = "Refund-Dec1s1on!";

    private ApprovalScenario() {}

    public static void main(String[] args) throws Exception {
        int approvals = Integer.getInteger("perf.approvals", 40);
        int loadOrders = Integer.getInteger("perf.loadOrders", 400);
        int inFlight = Integer.getInteger("perf.inFlight", 32);
        int port = Integer.getInteger("perf.port", 18195);
        String commit = Commit.head();
        String loadBefore = MachineLoad.now();
        TestDatabase database = TestPostgres.newDatabase();
        Histogram idle;
        Histogram loaded;
        String idleLoad;
        String loadedLoad;
        String wf01Summary;
        try (ProviderStandIns providers = ProviderStandIns.start();
                StandInAutovacuum statistics = StandInAutovacuum.start(database, Wf01Scenario.analyzeEvery())) {
            Map<Long, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
            providers.onRefund((order, nanos) -> arrivals.computeIfAbsent(order, o -> new CompletableFuture<>())
                    .complete(System.currentTimeMillis()));
            Map<String, String> settings =
                    Wf01Scenario.nodeSettings(providers, "perf-" + UUID.randomUUID() + ":", "perf-node-1");
            try (AppNode node =
                    AppNode.start(database, port, settings, IngressScenario.jvmOptions(), Wf01Scenario.perfClasses())) {
                Approvals driver = new Approvals(node, database, arrivals);
                driver.makeApprover();
                driver.measure(ProviderStandIns.CAPTURED_FROM, 5, new Histogram(3_600_000L, 3)); // warm-up
                String before = MachineLoad.now();
                idle = driver.measure(ProviderStandIns.CAPTURED_FROM + 100, approvals, new Histogram(3_600_000L, 3));
                idleLoad = before + " -> " + MachineLoad.now();

                Wf01Driver wf01 = new Wf01Driver(database, List.of(node));
                CompletableFuture<Wf01Driver.Result> traffic = CompletableFuture.supplyAsync(() -> {
                    try {
                        return wf01.runWf01(1, 50, loadOrders, inFlight);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(15_000); // the WF01 runs reach their steady state first
                before = MachineLoad.now();
                loaded = driver.measure(ProviderStandIns.CAPTURED_FROM + 1000, approvals, new Histogram(3_600_000L, 3));
                loadedLoad = before + " -> " + MachineLoad.now();
                if (traffic.isDone()) {
                    throw new IllegalStateException(
                            "the WF01 traffic ended before the loaded phase did: raise" + " -Dperf.loadOrders");
                }
                // The traffic is not waited for: it only had to run during the loaded phase, and runs on until exit.
                wf01Summary = inFlight + " WF01 runs in flight throughout, closed loop (" + Wf01Scenario.ended(database)
                        + " WF01 runs had ended when the phase was over)";
                Wf01Scenario.checkNoIncidents(database);
            }
        }
        System.out.printf(
                "%nPERF P6 approval latency (issue 19), commit %s%n"
                        + "  approval task completed (engine) -> Stripe refund request arrives, %d approvals per phase%n"
                        + "  idle:        p50 %d ms, p99 %d ms, max %d ms (target p99 < 1000 ms: %s); machine %s%n"
                        + "  under load:  p50 %d ms, p99 %d ms, max %d ms (target p99 < 1000 ms: %s); machine %s%n"
                        + "  the load:    %s%n"
                        + "  machine: before %s; after %s%n",
                commit,
                approvals,
                idle.getValueAtPercentile(50),
                idle.getValueAtPercentile(99),
                idle.getMaxValue(),
                verdict(idle),
                idleLoad,
                loaded.getValueAtPercentile(50),
                loaded.getValueAtPercentile(99),
                loaded.getMaxValue(),
                verdict(loaded),
                loadedLoad,
                wf01Summary,
                loadBefore,
                MachineLoad.now());
        System.exit(0);
    }

    private static String verdict(Histogram latencies) {
        long p99 = latencies.getValueAtPercentile(99);
        return p99 < 1000 ? "met" : "missed by " + (p99 - 999) + " ms";
    }

    /** Refund runs, one at a time: start, wait for the approval task, complete it, wait for the refund call. */
    private static final class Approvals {
        private final AppNode node;
        private final TestDatabase database;
        private final Map<Long, CompletableFuture<Long>> arrivals;
        private final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        Approvals(AppNode node, TestDatabase database, Map<Long, CompletableFuture<Long>> arrivals) {
            this.node = node;
            this.database = database;
            this.arrivals = arrivals;
        }

        void makeApprover() throws Exception {
            send(
                    "POST",
                    "/engine-rest/user/create",
                    AppNode.ADMIN_USER,
                    AppNode.ADMIN_PASSWORD,
                    """
                    {"profile":{"id":"%s","firstName":"Load","lastName":"Harness","email":"approver@example.com"},
                     "credentials":{"password":"%s"}}""".formatted(APPROVER, APPROVER_PASSWORD),
                    204);
            send(
                    "PUT",
                    "/engine-rest/group/acme-approvers/members/" + APPROVER,
                    AppNode.ADMIN_USER,
                    AppNode.ADMIN_PASSWORD,
                    "",
                    204);
        }

        Histogram measure(long firstOrder, int count, Histogram into) throws Exception {
            try (Connection owner = DriverManager.getConnection(
                            database.url(), TestPostgres.OWNER_ROLE, TestPostgres.OWNER_PASSWORD);
                    PreparedStatement task = owner.prepareStatement("select t.id_ from act_ru_task t join"
                            + " act_ru_execution x on x.id_ = t.proc_inst_id_ where x.business_key_ = ?");
                    PreparedStatement ended = owner.prepareStatement(
                            "select end_time_ from act_hi_taskinst where id_ = ? and end_time_ is not null")) {
                for (long order = firstOrder; order < firstOrder + count; order++) {
                    String request = "perf-refund-" + order;
                    start(order, request);
                    String taskId = waitForTask(task, request);
                    CompletableFuture<Long> arrival = arrivals.computeIfAbsent(order, o -> new CompletableFuture<>());
                    send("POST", "/engine-rest/task/" + taskId + "/complete", APPROVER, APPROVER_PASSWORD, """
                            {"variables":{"approved":{"value":true,"type":"Boolean"},
                             "approvalComment":{"value":"perf","type":"String"}}}""", 204);
                    long arrived = arrival.get(5, TimeUnit.MINUTES);
                    ended.setString(1, taskId);
                    long completed;
                    try (ResultSet row = ended.executeQuery()) {
                        if (!row.next()) {
                            throw new IllegalStateException("task " + taskId + " has no end time in the history");
                        }
                        completed = row.getTimestamp(1).getTime();
                    }
                    into.recordValue(Math.max(0, arrived - completed));
                    Thread.sleep(200); // the next run starts after this one's refund job is done with
                }
            }
            return into;
        }

        private void start(long order, String request) throws Exception {
            send(
                    "POST",
                    "/engine-rest/process-definition/key/refund/start",
                    AppNode.ADMIN_USER,
                    AppNode.ADMIN_PASSWORD,
                    """
                    {"businessKey":"%s","variables":{
                     "tenantId":{"value":"acme","type":"String"},
                     "correlationId":{"value":"perf-%s","type":"String"},
                     "refundRequestId":{"value":"%s","type":"String"},
                     "orderId":{"value":"gid://shopify/Order/%d","type":"String"},
                     "paymentIntentId":{"value":"pi_perf%d","type":"String"},
                     "amount":{"value":1500,"type":"Long"},
                     "currency":{"value":"USD","type":"String"},
                     "refundReason":{"value":"the parcel arrived damaged","type":"String"},
                     "requestedBy":{"value":"user:perf-harness","type":"String"}}}""".formatted(request, request, request, order, order),
                    200);
        }

        private static String waitForTask(PreparedStatement task, String businessKey) throws Exception {
            task.setString(1, businessKey);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = task.executeQuery()) {
                    if (rows.next()) {
                        return rows.getString(1);
                    }
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("no approval task for " + businessKey + " within 5 minutes");
        }

        private void send(String method, String path, String user, String password, String body, int expected)
                throws Exception {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Basic " + basic)
                            .method(method, HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != expected) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
        }
    }
}
