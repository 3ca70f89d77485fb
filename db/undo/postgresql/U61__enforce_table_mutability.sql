-- Undoes V61 (PostgreSQL): the application role may UPDATE and DELETE every table again, transition triggers and the
-- retention functions go (stop the application first: its retention job calls them). Run with
-- psql -v app_role=autobiz_app.
drop function autobiz_mark_trace_archive_exported(text, bigint, text, timestamp with time zone);
drop function autobiz_retire_traces(text, text, bigint, bigint, timestamp with time zone);
drop trigger if exists hitl_requests_transitions on hitl_requests;
drop trigger if exists idempotency_records_transitions on idempotency_records;
drop trigger if exists event_store_transitions on event_store;
drop function autobiz_enforce_mutability(text, text);
drop function autobiz_check_transition();
grant update, delete on receipts, state_versions, credential_audit, security_incidents, business_configs, traces,
    trace_archives to :app_role;
grant insert, update, delete on table_mutability to :app_role;
delete from flyway_schema_history where version = '61';
