-- Undoes V20 (PostgreSQL and H2). Destroys every stored secret, the credential audit trail and the security
-- incidents: export them first (pg_dump -t tenant_secrets -t credential_audit -t security_incidents), and keep the
-- master keys, without which the exported secrets cannot be opened.
drop table security_incidents;
drop table credential_audit;
drop table tenant_secrets;
delete from flyway_schema_history where version = '20';
