-- Step 5 looks up a run's approvals for one tool on every call that needs one (ApprovalGate).
create index idx_hitl_requests_run on hitl_requests (tenant_id, process_instance_id, tool);
