-- Undoes V65 (PostgreSQL): hitl_requests' declaration as V60 made it, and its trigger made again from it (the
-- application role's privileges on the table do not change).
update table_mutability
   set fixed_columns    = 'request_id tenant_id tool args_sha256 amount_minor currency created_at',
       set_once_columns = 'approver_id decision_comment decided_at',
       reason           = 'an approval is decided once, and what was approved (tool, arguments hash, amount) never changes'
 where table_name = 'hitl_requests';
drop trigger if exists hitl_requests_transitions on hitl_requests;
create trigger hitl_requests_transitions before update or delete on hitl_requests for each row
    execute function autobiz_check_transition('status', 'PENDING>APPROVED PENDING>DENIED PENDING>TIMED_OUT',
        'request_id tenant_id tool args_sha256 amount_minor currency created_at',
        'approver_id decision_comment decided_at', '');
delete from flyway_schema_history where version = '65';
