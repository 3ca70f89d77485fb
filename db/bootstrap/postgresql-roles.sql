-- Run once per PostgreSQL server, as a superuser, before AutoBiz's first start (docs/operations.md):
--   psql -v owner_password="'...'" -v app_password="'...'" -f db/bootstrap/postgresql-roles.sql
-- autobiz_owner owns the database and runs the migrations; autobiz_app is what the application logs in as and
-- owns nothing, so PostgreSQL's row-level security always applies to it. Neither is a superuser or BYPASSRLS.

create role autobiz_owner login password :owner_password nosuperuser nocreaterole nobypassrls;
create role autobiz_app login password :app_password nosuperuser nocreatedb nocreaterole nobypassrls;
create database autobiz owner autobiz_owner;
\connect autobiz
alter schema public owner to autobiz_owner;
revoke create on schema public from public;
