-- Undoes V64 (PostgreSQL): nothing to drop by itself; the policies go with the table in U63.
delete from flyway_schema_history where version = '64';
