-- Undoes V76 (PostgreSQL): event_store's fixed columns as V60 declared them, and its trigger made again from them (the
-- application role's privileges on the table do not change).
update table_mutability
   set fixed_columns = replace(fixed_columns, ' message_name typed_event', '')
 where table_name = 'event_store';
drop trigger if exists event_store_transitions on event_store;
create trigger event_store_transitions before update or delete on event_store for each row
    execute function autobiz_check_transition('status',
        'RECEIVED>HELD RECEIVED>PROCESSED RECEIVED>UNMATCHED RECEIVED>NO_SUBSCRIBER RECEIVED>RECONCILE RECEIVED>FAILED RECEIVED>IGNORED RECEIVED>HANDED_OFF HELD>RECEIVED HELD>PROCESSED HELD>NO_SUBSCRIBER HELD>RECONCILE HELD>FAILED HELD>IGNORED UNMATCHED>RECEIVED NO_SUBSCRIBER>RECEIVED FAILED>RECEIVED',
        'event_id tenant_id source provider_event_id event_type entity_id payload payload_sha256 signature_valid correlation_id received_at dedup_key body_sha256 created_at', '', '');
delete from flyway_schema_history where version = '76';
