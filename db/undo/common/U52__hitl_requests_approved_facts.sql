-- Undoes V52.
drop index idx_hitl_requests_task;
alter table hitl_requests drop column requested_by;
alter table hitl_requests drop column approved_facts;
delete from flyway_schema_history where version = '52';
