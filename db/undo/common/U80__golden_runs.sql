-- Undoes V80. Forgets every golden run (their evidence stays in gate_evidence, their results in their folders).
delete from table_mutability where table_name = 'golden_runs';
drop table golden_runs;
delete from flyway_schema_history where version = '80';
