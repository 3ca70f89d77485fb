-- Undoes V63: the credential audit and incidents are no longer chained (their rows stay, without the chain columns).
delete from table_mutability where table_name = 'evidence_chain_heads';
drop table evidence_chain_heads;
drop index idx_security_incidents_tenant_chain;
alter table security_incidents drop column hash;
alter table security_incidents drop column prev_hash;
alter table security_incidents drop column chain_seq;
drop index idx_credential_audit_tenant_chain;
alter table credential_audit drop column hash;
alter table credential_audit drop column prev_hash;
alter table credential_audit drop column chain_seq;
delete from flyway_schema_history where version = '63';
