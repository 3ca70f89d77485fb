-- Issue 22: every AutoBiz table declares how its rows may change, here and nowhere else. Portable SQL (PostgreSQL and
-- H2). The PostgreSQL migration V61 enforces these declarations (privileges of the application role, triggers), the
-- afterMigrate callback refuses a table with a tenant_id that has no row here, and the test suite reads this table to
-- know what to attack. A migration that creates a table adds its row (and, on PostgreSQL, calls
-- autobiz_enforce_mutability('<table>', <the application role>)).
--
--   APPEND_ONLY      rows are inserted, never updated or deleted by the application; a retention that removes or
--                    empties rows is named in retention and runs as a SECURITY DEFINER function, not a plain DELETE.
--   TRANSITION_ONLY  status_column moves only along transitions ('FROM>TO' pairs, space separated; staying put is
--                    allowed); fixed_columns never change once inserted; set_once_columns may be filled once, then
--                    never change; a row may be deleted only while its status is one of deletable_statuses.
--   MUTABLE          configuration, counters and chain heads: ordinary rows, still isolated by store.
create table table_mutability (
    table_name         varchar(63)   not null,
    mutability         varchar(20)   not null,
    status_column      varchar(63),
    transitions        varchar(2000),
    fixed_columns      varchar(1000),
    set_once_columns   varchar(1000),
    deletable_statuses varchar(200),
    retention          varchar(200),
    reason             varchar(500)  not null,
    constraint pk_table_mutability primary key (table_name),
    constraint ck_table_mutability_class check (mutability in ('APPEND_ONLY', 'TRANSITION_ONLY', 'MUTABLE')),
    constraint ck_table_mutability_status check ((mutability = 'TRANSITION_ONLY') = (status_column is not null))
);

insert into table_mutability (table_name, mutability, retention, reason) values
    ('receipts', 'APPEND_ONLY', null,
     'one per side effect, hash-chained; a trigger refuses UPDATE, DELETE and TRUNCATE to every role (V32)'),
    ('state_versions', 'APPEND_ONLY', null,
     'each row is one version of an entity; a replay must reproduce the chain of patches to the same hash'),
    ('credential_audit', 'APPEND_ONLY', null, 'the evidence that a secret was read, refused or rotated'),
    ('security_incidents', 'APPEND_ONLY', null, 'the evidence that a cross-store attempt was refused'),
    ('business_configs', 'APPEND_ONLY', null, 'every version of every store''s configuration; a change is a new version'),
    ('traces', 'APPEND_ONLY', 'autobiz_retire_traces',
     'the transcript of every run; lines leave only once archived into trace_archives, by the retention job'),
    ('trace_archives', 'APPEND_ONLY', 'autobiz_mark_trace_archive_exported',
     'the warm tier of retention; its payload is emptied only when the cold tier has exported it');

insert into table_mutability
    (table_name, mutability, status_column, transitions, fixed_columns, set_once_columns, deletable_statuses, reason)
values
    ('hitl_requests', 'TRANSITION_ONLY', 'status',
     'PENDING>APPROVED PENDING>DENIED PENDING>TIMED_OUT',
     'request_id tenant_id tool args_sha256 amount_minor currency created_at',
     'approver_id decision_comment decided_at', null,
     'an approval is decided once; what was approved (tool, arguments hash, amount) never changes'),
    ('idempotency_records', 'TRANSITION_ONLY', 'status',
     'IN_FLIGHT>COMPLETED COMPLETED>IN_FLIGHT',
     'tenant_id internal_key external_key tool created_at', null, 'IN_FLIGHT',
     'claimed, then completed; a completed key is claimed again only once its window expired; a failed claim is freed'),
    ('event_store', 'TRANSITION_ONLY', 'status',
     'RECEIVED>HELD RECEIVED>PROCESSED RECEIVED>UNMATCHED RECEIVED>NO_SUBSCRIBER RECEIVED>RECONCILE RECEIVED>FAILED'
     || ' RECEIVED>IGNORED RECEIVED>HANDED_OFF HELD>RECEIVED HELD>PROCESSED HELD>NO_SUBSCRIBER HELD>RECONCILE'
     || ' HELD>FAILED HELD>IGNORED UNMATCHED>RECEIVED NO_SUBSCRIBER>RECEIVED FAILED>RECEIVED',
     'event_id tenant_id source provider_event_id event_type entity_id payload payload_sha256 signature_valid'
     || ' correlation_id received_at dedup_key body_sha256 created_at',
     null, null,
     'a verified webhook is kept as received; only its processing state moves');

insert into table_mutability (table_name, mutability, reason) values
    ('tenants', 'MUTABLE', 'a store''s name, status and live flag are configuration'),
    ('tenant_secrets', 'MUTABLE', 'only the current value of each secret; every change is in credential_audit'),
    ('run_ledger', 'MUTABLE', 'counters of what a run consumed'),
    ('tenant_money_daily', 'MUTABLE', 'a counter per store and day'),
    ('receipt_chain_heads', 'MUTABLE', 'the head of each store''s receipt chain moves with every receipt'),
    ('reconciliation', 'MUTABLE', 'drift under investigation; its decision columns are written as it is worked on');
