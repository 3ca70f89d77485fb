-- Undoes V4 (PostgreSQL). Run as the owner role, with the same app_role as the migration (psql -v app_role=...).
alter default privileges in schema public revoke usage, select on sequences from :app_role;
alter default privileges in schema public revoke select, insert, update, delete on tables from :app_role;
revoke usage, select on all sequences in schema public from :app_role;
revoke select, insert, update, delete on all tables in schema public from :app_role;
revoke usage on schema public from :app_role;
delete from flyway_schema_history where version = '4';
