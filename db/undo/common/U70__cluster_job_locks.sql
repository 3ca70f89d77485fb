-- Undoes V70: cluster-wide jobs lose their lock table. Only for a rollback to a version that runs one node: with
-- several nodes and no shedlock table, reconciliation and trace retention cannot start a run (logged, counted as
-- cluster_job_total{outcome="lock_failed"}).
delete from table_mutability where table_name = 'shedlock';
drop table shedlock;
delete from flyway_schema_history where version = '70';
