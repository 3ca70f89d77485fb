-- Slack approvals (issue 8): a click on an approval by someone who is not the store's approver is a security incident.
alter table security_incidents drop constraint ck_security_incidents_channel;
alter table security_incidents add constraint ck_security_incidents_channel
    check (channel in ('DATABASE', 'KERNEL_INPUT', 'ENGINE', 'CREDENTIAL', 'ADMIN_API', 'SLACK'));
