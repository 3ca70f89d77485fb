-- Row-level security on every AutoBiz table (INV-06, DESIGN.md §4), PostgreSQL only.
-- FORCE makes the policies apply to the tables' owner as well. The application connects as a role that owns no
-- table; it sees and writes only rows of the tenant set for its transaction with
--   select set_config('app.tenant_id', '<tenant>', true)
-- and with no tenant set, current_setting(..., true) is NULL or '' and matches no row: it sees and writes nothing.

alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table traces enable row level security;
alter table traces force row level security;
create policy tenant_isolation on traces
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table state_versions enable row level security;
alter table state_versions force row level security;
create policy tenant_isolation on state_versions
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table receipts enable row level security;
alter table receipts force row level security;
create policy tenant_isolation on receipts
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table event_store enable row level security;
alter table event_store force row level security;
create policy tenant_isolation on event_store
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table reconciliation enable row level security;
alter table reconciliation force row level security;
create policy tenant_isolation on reconciliation
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table hitl_requests enable row level security;
alter table hitl_requests force row level security;
create policy tenant_isolation on hitl_requests
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
