package io.autobiz.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.IntegrationExternal;
import io.autobiz.testsupport.E2eBrowser;
import io.autobiz.testsupport.QuickStartInstance;
import io.autobiz.testsupport.QuickStartTest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Cockpit as the operator's console: after a refund (WF03) was approved in Tasklist and has ended, headless Chromium
 * logs into Cockpit, opens that process instance and finds, in its Evidence tab (AutoBiz's Cockpit plugin), the
 * refund's receipt and its approval by the store's approver. The screenshot is kept at
 * {@code src/target/cockpit-evidence.png}. Needs what {@link RefundApprovalBrowserIT} needs (Node.js, Chromium,
 * {@code npm ci} in {@code .ci}); skipped with the reason where they are missing, unless CI promised them.
 */
@QuickStartTest
@IntegrationExternal
class CockpitEvidenceBrowserIT {

    private static final QuickStartInstance APP = QuickStartInstance.of(CockpitEvidenceBrowserIT.class);

    @Autowired
    HistoryService history;

    @Autowired
    TaskService tasks;

    @Test
    @DisplayName("P1-TASK-27 in a browser: a finished refund run (WF03) opened in Cockpit shows its refund receipt and"
            + " its approval in the Evidence tab")
    void finishedRefundShowsItsEvidenceInCockpit() throws Exception {
        E2eBrowser.assumeAvailable();
        String order = fulfilledDemoOrder();
        HttpResponse<String> asked = APP.post("/demo/refunds", "{\"orderId\":\"" + order + "\",\"amount\":1500}");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        String refund = Json.parse(asked.body()).get("processInstanceId").asText();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> tasks.createTaskQuery().processInstanceId(refund).count() == 1);
        E2eBrowser.Outcome approved = E2eBrowser.run(
                "tasklist-approval.mjs",
                "--base",
                APP.baseUrl(),
                "--user",
                "approver",
                "--password",
                "approver",
                "--task-name",
                "Approve refund",
                "--screenshot",
                E2eBrowser.ROOT
                        .resolve("src/target/cockpit-evidence-approval.png")
                        .toString());
        assertThat(approved.exitValue()).as(approved.output()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> ended(refund));

        Path screenshot = E2eBrowser.ROOT.resolve("src/target/cockpit-evidence.png");
        E2eBrowser.Outcome browser = E2eBrowser.run(
                "cockpit-evidence.mjs",
                "--base",
                APP.baseUrl(),
                "--user",
                "admin",
                "--password",
                "admin",
                "--instance",
                refund,
                "--expect-receipt",
                "stripe.refund.create@1",
                "--expect-approver",
                "approver",
                "--screenshot",
                screenshot.toString());

        assertThat(browser.finished())
                .as("the browser finished: " + browser.output())
                .isTrue();
        assertThat(browser.exitValue()).as(browser.output()).isZero();
        assertThat(screenshot).exists();
    }

    private String fulfilledDemoOrder() throws Exception {
        HttpResponse<String> placed = APP.post("/demo/orders", "");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String instance = Json.parse(placed.body()).get("processInstanceId").asText();
        await().atMost(Duration.ofSeconds(90)).until(() -> ended(instance));
        return Json.parse(placed.body()).get("orderId").asText();
    }

    private boolean ended(String instance) {
        HistoricProcessInstance done = history.createHistoricProcessInstanceQuery()
                .processInstanceId(instance)
                .singleResult();
        return done != null && done.getEndTime() != null;
    }
}
