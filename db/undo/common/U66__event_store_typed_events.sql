-- Undoes V66.
alter table event_store drop column typed_event;
delete from flyway_schema_history where version = '66';
