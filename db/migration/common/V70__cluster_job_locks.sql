-- Issue 18: the lock rows of jobs that run once per cluster (reconciliation, trace retention) while every node keeps
-- its own timer. ShedLock's own layout (net.javacrumbs.shedlock, JdbcTemplateLockProvider, lock times from the
-- database clock). Not a store's data: one row per job name, no tenant_id, no row-level security.
create table shedlock (
    name       varchar(64)  not null,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null,
    constraint pk_shedlock primary key (name)
);

insert into table_mutability (table_name, mutability, reason) values
    ('shedlock', 'MUTABLE', 'one lock row per cluster-wide job; lock_until and locked_by move with every run');
