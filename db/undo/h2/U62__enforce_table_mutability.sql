-- Undoes V62 (H2): the append-only and transition triggers and the retention aliases go.
drop alias autobiz_mark_trace_archive_exported;
drop alias autobiz_retire_traces;
drop trigger event_store_transitions;
drop trigger idempotency_records_transitions;
drop trigger hitl_requests_transitions;
drop trigger business_configs_append_only;
drop trigger security_incidents_append_only;
drop trigger credential_audit_append_only;
drop trigger state_versions_append_only;
delete from flyway_schema_history where version = '62';
