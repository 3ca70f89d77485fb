-- Undoes V51. Incidents recorded from Slack are removed first: the older constraint does not admit them.
delete from security_incidents where channel = 'SLACK';
alter table security_incidents drop constraint ck_security_incidents_channel;
alter table security_incidents add constraint ck_security_incidents_channel
    check (channel in ('DATABASE', 'KERNEL_INPUT', 'ENGINE', 'CREDENTIAL', 'ADMIN_API'));
delete from flyway_schema_history where version = '51';
