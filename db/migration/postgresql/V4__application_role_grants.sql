-- The application's login role (placeholder app_role, e.g. autobiz_app) owns nothing and may only read and write
-- rows: no DDL, no TRUNCATE, no ownership, so row-level security always applies to it.
-- Migrations run as the owner role; tables created by later migrations get the same grants by default.

grant usage on schema public to ${app_role};
grant select, insert, update, delete on all tables in schema public to ${app_role};
grant usage, select on all sequences in schema public to ${app_role};
alter default privileges in schema public grant select, insert, update, delete on tables to ${app_role};
alter default privileges in schema public grant usage, select on sequences to ${app_role};

-- Migration history is the owner's business only.
revoke all on ${flyway:table} from ${app_role};
