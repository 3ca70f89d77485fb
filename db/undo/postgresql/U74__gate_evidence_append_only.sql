-- Undoes V74 (PostgreSQL): the application role gets UPDATE and DELETE back, as V4's defaults gave them.
grant update, delete on gate_evidence to :app_role;
grant update, delete on deploy_gate_overrides to :app_role;
delete from flyway_schema_history where version = '74';
