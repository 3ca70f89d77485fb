-- Issue 14 + 22 (PostgreSQL): what an approver saw is part of the request and never changes. V52 added the approved
-- facts and the requester after V60 declared hitl_requests; they join its fixed columns with the run, the reason and
-- the deadline, and the task a request is linked to is written once (one task per request). The trigger carries the
-- declaration it was made with, so it is made again.
update table_mutability
   set fixed_columns    = 'request_id tenant_id process_instance_id tool args_sha256 amount_minor currency reason'
                          || ' expires_at approved_facts requested_by created_at',
       set_once_columns = 'task_id approver_id decision_comment decided_at',
       reason           = 'an approval is decided once; what was approved (tool, arguments hash, amount, the facts'
                          || ' the run acts on, who asked) never changes'
 where table_name = 'hitl_requests';
select autobiz_enforce_mutability('hitl_requests', '${app_role}');
