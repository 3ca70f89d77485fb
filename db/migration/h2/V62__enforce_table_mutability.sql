-- Issue 22, H2 (the quick start): V60's declarations, as far as H2 allows. H2 has one user here, the application
-- itself, so there are no privileges to revoke: append-only tables refuse UPDATE and DELETE by trigger instead (for
-- everyone), transition-only tables check their declared transitions by trigger. traces and trace_archives are not
-- guarded on H2: their retention runs on the same connection as everything else (docs/database.md).
create trigger state_versions_append_only before update, delete on state_versions
    for each row call 'io.autobiz.app.db.AppendOnlyH2Trigger';
create trigger credential_audit_append_only before update, delete on credential_audit
    for each row call 'io.autobiz.app.db.AppendOnlyH2Trigger';
create trigger security_incidents_append_only before update, delete on security_incidents
    for each row call 'io.autobiz.app.db.AppendOnlyH2Trigger';
create trigger business_configs_append_only before update, delete on business_configs
    for each row call 'io.autobiz.app.db.AppendOnlyH2Trigger';

create trigger hitl_requests_transitions before update, delete on hitl_requests
    for each row call 'io.autobiz.app.db.TransitionH2Trigger';
create trigger idempotency_records_transitions before update, delete on idempotency_records
    for each row call 'io.autobiz.app.db.TransitionH2Trigger';
create trigger event_store_transitions before update, delete on event_store
    for each row call 'io.autobiz.app.db.TransitionH2Trigger';

-- The retention functions of V61, same names and rules (io.autobiz.app.db.H2Retention).
create alias autobiz_retire_traces for 'io.autobiz.app.db.H2Retention.retireTraces';
create alias autobiz_mark_trace_archive_exported for 'io.autobiz.app.db.H2Retention.markTraceArchiveExported';
