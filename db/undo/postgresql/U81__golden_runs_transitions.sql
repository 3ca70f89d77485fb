-- Undoes V81 (PostgreSQL): golden_runs' transition trigger goes (the application role's privileges do not change).
drop trigger if exists golden_runs_transitions on golden_runs;
delete from flyway_schema_history where version = '81';
