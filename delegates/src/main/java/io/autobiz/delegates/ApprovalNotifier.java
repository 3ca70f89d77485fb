package io.autobiz.delegates;

import io.autobiz.kernel.hitl.ApprovalRequest;

/**
 * Tells the store's approvers outside Tasklist (Slack) that a decision is waiting, and that it was taken, so both
 * places show the same state. Failing to notify never fails the task: Tasklist is always there.
 */
public interface ApprovalNotifier {

    ApprovalNotifier NONE = new ApprovalNotifier() {
        @Override
        public void approvalWaiting(ApprovalRequest request, String taskId) {}

        @Override
        public void approvalDecided(ApprovalRequest request) {}
    };

    void approvalWaiting(ApprovalRequest request, String taskId);

    void approvalDecided(ApprovalRequest request);
}
