-- Undoes V40. Loses the hold, release and outcome columns of stored events (the events themselves stay).
drop index idx_events_tenant_dedup;
drop index idx_events_tenant_entity;
alter table event_store drop column dedup_key;
alter table event_store drop column message_name;
alter table event_store drop column hold_until;
alter table event_store drop column timeout_released;
alter table event_store drop column operator_released;
alter table event_store drop column attempts;
alter table event_store drop column outcome;
alter table reconciliation drop column event_id;
alter table reconciliation drop column approval_ref;
alter table reconciliation drop column field_name;
delete from flyway_schema_history where version = '40';
