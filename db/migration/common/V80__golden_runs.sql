-- Issue 16: golden runs an administrator started (POST /admin/gate/golden-runs) outlive the node that runs them. A
-- run's state, candidate and evidence are kept here, so GET /admin/gate/golden-runs/{id} answers after a restart and
-- on every node; a run whose node stopped while it ran is marked FAILED when that node starts again. Its case
-- results stay in the run's folder on that node. Not a store's data (a candidate may be diagrams for every store):
-- no tenant_id, no row-level security; only the admin API (camunda-admin) reads and writes it.
create table golden_runs (
    run_id          varchar(36)   not null,
    state           varchar(10)   not null,
    node_id         varchar(200)  not null,
    started_by      varchar(200)  not null,
    started_at      timestamp with time zone not null,
    store           varchar(63),
    candidate       text          not null,
    directory       varchar(1000) not null,
    finished_at     timestamp with time zone,
    problem         varchar(2000),
    evidence_sha256 char(64),
    constraint pk_golden_runs primary key (run_id),
    constraint ck_golden_runs_state check (state in ('RUNNING', 'DONE', 'FAILED'))
);
create index idx_golden_runs_node_state on golden_runs (node_id, state);

insert into table_mutability
    (table_name, mutability, status_column, transitions, fixed_columns, set_once_columns, deletable_statuses, reason)
values
    ('golden_runs', 'TRANSITION_ONLY', 'state', 'RUNNING>DONE RUNNING>FAILED',
     'run_id node_id started_by started_at store candidate directory',
     'finished_at problem evidence_sha256', null,
     'a golden run ends once; who started it, for which candidate and on which node never changes');
