-- Undoes V68 (PostgreSQL): nothing to drop by itself; the policies go with the tables in U67.
delete from flyway_schema_history where version = '68';
