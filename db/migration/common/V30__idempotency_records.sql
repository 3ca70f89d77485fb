-- The durable idempotency record of every WRITE/FINANCIAL call (INV-05, P1-TASK-13). One row per tenant and internal
-- key: claimed IN_FLIGHT in a transaction of its own before the provider call, COMPLETED with the call's output in
-- the step's transaction. first_seen_at starts the window (24 h by default); lease_until bounds an in-flight claim, after
-- which a retry may take it over with the same external key. Portable SQL (PostgreSQL and H2).
create table idempotency_records (
    tenant_id     varchar(63)  not null,
    internal_key  char(64)     not null,
    external_key  varchar(64)  not null,
    tool          varchar(120) not null,
    args_sha256   char(64)     not null,
    status        varchar(12)  not null,
    result        text,
    execution_id  varchar(100) not null,
    first_seen_at timestamp with time zone not null,
    lease_until   timestamp with time zone not null,
    completed_at  timestamp with time zone,
    created_at    timestamp with time zone default current_timestamp not null,
    updated_at    timestamp with time zone default current_timestamp not null,
    constraint pk_idempotency_records primary key (tenant_id, internal_key),
    constraint ck_idempotency_records_status check (status in ('IN_FLIGHT', 'COMPLETED'))
);
create index idx_idempotency_records_first_seen on idempotency_records (tenant_id, first_seen_at);
