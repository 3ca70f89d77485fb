-- Issue 14 + 22 (H2): as the PostgreSQL V65, the approved facts and the requester join hitl_requests' fixed columns
-- and its task is written once. The trigger reads the declaration when it is created, so it is created again.
update table_mutability
   set fixed_columns    = 'request_id tenant_id process_instance_id tool args_sha256 amount_minor currency reason'
                          || ' expires_at approved_facts requested_by created_at',
       set_once_columns = 'task_id approver_id decision_comment decided_at',
       reason           = 'an approval is decided once; what was approved (tool, arguments hash, amount, the facts'
                          || ' the run acts on, who asked) never changes'
 where table_name = 'hitl_requests';
drop trigger hitl_requests_transitions;
create trigger hitl_requests_transitions before update, delete on hitl_requests
    for each row call 'io.autobiz.app.db.TransitionH2Trigger';
