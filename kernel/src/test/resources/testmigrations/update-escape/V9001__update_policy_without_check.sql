create table widgets (tenant_id varchar(63) not null, name varchar(50) not null);
alter table widgets enable row level security;
alter table widgets force row level security;
create policy w_select on widgets for select using (tenant_id = current_setting('app.tenant_id', true));
create policy w_insert on widgets for insert with check (tenant_id = current_setting('app.tenant_id', true));
create policy w_delete on widgets for delete using (tenant_id = current_setting('app.tenant_id', true));
