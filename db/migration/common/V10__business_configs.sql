-- Every version of every store's BusinessConfig (P1-TASK-17). The newest version is the active one; a version is
-- written only after it passed the compile checks. Rows are never changed: a replacement is a new version.
create table business_configs (
    tenant_id     varchar(63)  not null,
    version       bigint       not null,
    config_sha256 char(64)     not null,
    yaml          text         not null,
    source        varchar(20)  not null,
    created_by    varchar(200) not null,
    created_at    timestamp with time zone default current_timestamp not null,
    updated_at    timestamp with time zone default current_timestamp not null,
    constraint pk_business_configs primary key (tenant_id, version),
    constraint ck_business_configs_source check (source in ('FILE', 'ADMIN_API'))
);
create unique index idx_business_configs_tenant_sha on business_configs (tenant_id, config_sha256);
