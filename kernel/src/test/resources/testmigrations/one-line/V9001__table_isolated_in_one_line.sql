create table widgets (tenant_id varchar(63) not null, name varchar(50) not null);
select autobiz_isolate_by_tenant('widgets');
insert into table_mutability (table_name, mutability, reason) values ('widgets', 'MUTABLE', 'a test table');
