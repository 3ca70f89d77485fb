-- Undoes V78. Fails while a store holds the same text in two versions (a rollback): keep the newest such version
-- only by exporting the store's history first; business_configs is append-only, so that is a deliberate owner act.
drop index idx_business_configs_tenant_sha;
create unique index idx_business_configs_tenant_sha on business_configs (tenant_id, config_sha256);
delete from flyway_schema_history where version = '78';
