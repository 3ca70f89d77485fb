package io.autobiz.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.hitl.ApprovalRequest;
import io.autobiz.kernel.hitl.Approvals;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

/**
 * What the workflow ITs do to the engine in place of a person or of time: complete a user task as a signed-in member
 * of the store's approvers group (as Tasklist does), and fire a timer by moving the test clock past it (nothing
 * sleeps).
 */
public final class EngineSteps {

    private EngineSteps() {}

    /** The instance's open user task {@code taskKey}. */
    public static Task task(ProcessEngine engine, ProcessInstance instance, String taskKey) {
        Task task = engine.getTaskService()
                .createTaskQuery()
                .processInstanceId(instance.getId())
                .taskDefinitionKey(taskKey)
                .singleResult();
        assertThat(task).as("open task " + taskKey).isNotNull();
        return task;
    }

    /**
     * Completes the task as {@code user}, authenticated in the store's tenant and its approvers group ({@code
     * <store>-approvers}): the approver is who the engine authenticated, never a variable.
     */
    public static void completeAs(
            ProcessEngine engine, String user, TenantId store, Task task, Map<String, Object> variables) {
        var identity = engine.getIdentityService();
        identity.setAuthentication(user, List.of(store.value() + "-approvers"), List.of(store.value()));
        try {
            engine.getTaskService().complete(task.getId(), variables);
        } finally {
            identity.clearAuthentication();
        }
    }

    /** Approves or denies the approval task {@code taskKey} as Tasklist would, with {@code comment}. */
    public static void decide(
            ProcessEngine engine,
            ProcessInstance instance,
            String taskKey,
            String approver,
            TenantId store,
            boolean approve,
            String comment) {
        completeAs(
                engine,
                approver,
                store,
                task(engine, instance, taskKey),
                Map.of("approved", approve, "approvalComment", comment));
    }

    /** The approval request the instance's {@code ${approvalRequest}} task opened. */
    public static ApprovalRequest approvalOf(
            ProcessEngine engine, Approvals approvals, TenantId store, ProcessInstance instance) {
        String id = (String) engine.getHistoryService()
                .createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId())
                .variableName("approvalRequestId")
                .singleResult()
                .getValue();
        return approvals.find(store, id).orElseThrow();
    }

    /** The instance left no incident for an operator (none open, none resolved). */
    public static void assertNoIncident(ProcessEngine engine, ProcessInstance instance) {
        assertThat(engine.getHistoryService()
                        .createHistoricIncidentQuery()
                        .processInstanceId(instance.getId())
                        .count())
                .as("no incident for an operator")
                .isZero();
    }

    /** Moves the test clock past the due date of the instance's only timer and fires it. */
    public static void fireTimer(ProcessEngine engine, ProcessInstance instance) {
        Job timer = engine.getManagementService()
                .createJobQuery()
                .processInstanceId(instance.getId())
                .timers()
                .singleResult();
        assertThat(timer).as("timer of " + instance.getId()).isNotNull();
        ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().plusSeconds(1)));
        engine.getManagementService().executeJob(timer.getId());
    }

    /** Moves the test clock past the timer's due date and fires it. */
    public static void fireTimer(ProcessEngine engine, ProcessInstance instance, String activityId) {
        Job timer = engine.getManagementService()
                .createJobQuery()
                .processInstanceId(instance.getId())
                .activityId(activityId)
                .timers()
                .singleResult();
        assertThat(timer).as("timer of " + activityId).isNotNull();
        ClockUtil.setCurrentTime(Date.from(timer.getDuedate().toInstant().plusSeconds(1)));
        engine.getManagementService().executeJob(timer.getId());
    }
}
