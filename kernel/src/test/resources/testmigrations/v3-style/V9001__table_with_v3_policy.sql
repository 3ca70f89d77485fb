create table widgets (tenant_id varchar(63) not null, name varchar(50) not null);
alter table widgets enable row level security;
alter table widgets force row level security;
create policy tenant_isolation on widgets
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
insert into table_mutability (table_name, mutability, reason) values ('widgets', 'MUTABLE', 'a test table');
