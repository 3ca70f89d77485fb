-- Undoes V21 (PostgreSQL and H2): entity IDs are no longer checked against their row's tenant.
alter table reconciliation drop constraint ck_reconciliation_entity_namespace;
alter table event_store drop constraint ck_event_store_entity_namespace;
alter table state_versions drop constraint ck_state_versions_entity_namespace;
delete from flyway_schema_history where version = '21';
