create table widgets (tenant_id varchar(63) not null, name varchar(50) not null);
select autobiz_isolate_by_tenant('widgets');
