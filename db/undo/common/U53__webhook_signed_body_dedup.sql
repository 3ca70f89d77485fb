-- Undoes V53. Incidents recorded from webhooks are removed first: the older constraint does not admit them.
delete from security_incidents where channel = 'WEBHOOK';
alter table security_incidents drop constraint ck_security_incidents_channel;
alter table security_incidents add constraint ck_security_incidents_channel
    check (channel in ('DATABASE', 'KERNEL_INPUT', 'ENGINE', 'CREDENTIAL', 'ADMIN_API', 'SLACK'));
drop index idx_events_tenant_body;
alter table event_store drop column body_sha256;
delete from flyway_schema_history where version = '53';
