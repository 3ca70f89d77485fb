-- What an approver saw and decided is a fact of the request, not a process variable (INV-07):
--   approved_facts  the values the run will act on after the decision (order, recipient, amount, payment...), as a JSON
--                   object {variable: value}; on the decision they are written back over the run's variables
--   requested_by    the principal who started the run that asks (a REST user, demo, webhook:<provider>); they may not
--                   approve it unless the store's BusinessConfig allows self-approval
alter table hitl_requests add column approved_facts text;
alter table hitl_requests add column requested_by varchar(200);
-- A decision is looked up by its approval task, never by a variable naming a request.
create index idx_hitl_requests_task on hitl_requests (tenant_id, task_id);
