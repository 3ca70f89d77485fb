-- Issue 16: rolling a store back to an earlier config is a new version whose text equals an earlier one. The table
-- stays append-only (a rollback appends, nothing is rewritten), so a store may now hold the same text (hash) in more
-- than one version; the newest version is still the active one. The index stays for "is this text one of the
-- store's versions" (the start-up import asks it).
drop index idx_business_configs_tenant_sha;
create index idx_business_configs_tenant_sha on business_configs (tenant_id, config_sha256);
