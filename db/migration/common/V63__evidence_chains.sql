-- Issue 22: the credential audit trail and the security incidents are hash-chained per store, as receipts are (V31):
-- chain_seq numbers a store's rows 1, 2, 3..., prev_hash is the hash of the row before, hash covers the row and
-- prev_hash. A row removed or rewritten by someone with the owner's rights breaks the chain where it was, and
-- GET /admin/tenants/{tenant}/evidence/verify names that place. Rows written before V63 stay unchained (null).
-- Portable SQL (PostgreSQL and H2).
alter table credential_audit add column chain_seq bigint;
alter table credential_audit add column prev_hash char(64);
alter table credential_audit add column hash char(64);
create unique index idx_credential_audit_tenant_chain on credential_audit (tenant_id, chain_seq);

alter table security_incidents add column chain_seq bigint;
alter table security_incidents add column prev_hash char(64);
alter table security_incidents add column hash char(64);
create unique index idx_security_incidents_tenant_chain on security_incidents (tenant_id, chain_seq);

-- The head of each store's chain of each kind; locked while a row is appended, so a chain never forks.
create table evidence_chain_heads (
    tenant_id  varchar(63) not null,
    chain      varchar(40) not null,
    last_seq   bigint      not null,
    last_hash  char(64)    not null,
    created_at timestamp with time zone default current_timestamp not null,
    updated_at timestamp with time zone default current_timestamp not null,
    constraint pk_evidence_chain_heads primary key (tenant_id, chain)
);

insert into table_mutability (table_name, mutability, reason) values
    ('evidence_chain_heads', 'MUTABLE', 'the head of each store''s credential-audit and incident chain moves with each row');
