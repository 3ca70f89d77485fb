-- Undoes V50. Approval look-ups fall back to the (tenant_id, status, created_at) index.
drop index idx_hitl_requests_run;
delete from flyway_schema_history where version = '50';
