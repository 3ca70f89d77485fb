-- Undoes V73. Destroys the stored gate evidence and the record of gate overrides: export them first
-- (pg_dump -t gate_evidence -t deploy_gate_overrides).
delete from table_mutability where table_name in ('gate_evidence', 'deploy_gate_overrides');
drop table deploy_gate_overrides;
drop table gate_evidence;
delete from flyway_schema_history where version = '73';
