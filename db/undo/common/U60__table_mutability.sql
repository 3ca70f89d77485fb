-- Undoes V60: the declarations go. On PostgreSQL undo V61 first; the afterMigrate callback then refuses to finish a
-- migrate until V60 is applied again.
drop table table_mutability;
delete from flyway_schema_history where version = '60';
