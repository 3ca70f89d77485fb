-- Forced row-level security on the tables of V10 and V11, with the same policy as V3.
alter table business_configs enable row level security;
alter table business_configs force row level security;
create policy tenant_isolation on business_configs
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table run_ledger enable row level security;
alter table run_ledger force row level security;
create policy tenant_isolation on run_ledger
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

alter table tenant_money_daily enable row level security;
alter table tenant_money_daily force row level security;
create policy tenant_isolation on tenant_money_daily
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
