-- Undoes V12 (PostgreSQL): only on the way to undoing V10 and V11.
drop policy if exists tenant_isolation on tenant_money_daily;
alter table tenant_money_daily no force row level security;
alter table tenant_money_daily disable row level security;
drop policy if exists tenant_isolation on run_ledger;
alter table run_ledger no force row level security;
alter table run_ledger disable row level security;
drop policy if exists tenant_isolation on business_configs;
alter table business_configs no force row level security;
alter table business_configs disable row level security;
delete from flyway_schema_history where version = '12';
