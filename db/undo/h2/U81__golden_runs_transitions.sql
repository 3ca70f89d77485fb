-- Undoes V81 (H2): the transition trigger goes.
drop trigger golden_runs_transitions;
delete from flyway_schema_history where version = '81';
