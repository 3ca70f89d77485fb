-- Undoes V65 (H2): hitl_requests' declaration as V60 made it, and its trigger made again to read it.
update table_mutability
   set fixed_columns    = 'request_id tenant_id tool args_sha256 amount_minor currency created_at',
       set_once_columns = 'approver_id decision_comment decided_at',
       reason           = 'an approval is decided once, and what was approved (tool, arguments hash, amount) never changes'
 where table_name = 'hitl_requests';
drop trigger hitl_requests_transitions;
create trigger hitl_requests_transitions before update, delete on hitl_requests
    for each row call 'io.autobiz.app.db.TransitionH2Trigger';
delete from flyway_schema_history where version = '65';
