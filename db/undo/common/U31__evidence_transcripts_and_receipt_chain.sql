-- Undoes V31 (PostgreSQL and H2): transcript evidence columns, receipt chain numbering, chain heads, trace archives.
drop index idx_traces_created;
drop table trace_archives;
drop table receipt_chain_heads;
drop index idx_receipts_tenant_chain;
alter table receipts drop column chain_seq;
alter table traces drop column replayed;
alter table traces drop column receipt_id;
alter table traces drop column state_sha256;
alter table traces drop column state_patch;
alter table traces drop column state_version;
alter table traces drop column state_entity;
alter table traces drop column cost_micros;
alter table traces drop column output;
alter table traces drop column input;
delete from flyway_schema_history where version = '31';
