-- Entity IDs are namespaced {tenant}:{kind}:{id} (DESIGN.md §4, P1-T34): the database refuses an entity ID that does
-- not start with its own row's tenant, so no row can point at another store's entity. NULL stays allowed where the
-- column is nullable. Portable SQL (PostgreSQL and H2); tenant IDs contain no LIKE wildcards.
alter table state_versions add constraint ck_state_versions_entity_namespace
    check (entity_id like (tenant_id || ':_%:_%'));
alter table event_store add constraint ck_event_store_entity_namespace
    check (entity_id like (tenant_id || ':_%:_%'));
alter table reconciliation add constraint ck_reconciliation_entity_namespace
    check (entity_id like (tenant_id || ':_%:_%'));
