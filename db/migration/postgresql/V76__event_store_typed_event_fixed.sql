-- Issue 15 + 22 (PostgreSQL): V66 added the typed event after V60 declared event_store. What a webhook said happened
-- (the typed event) and the BPMN message it becomes are read once at ingress and never rewritten, like the raw payload
-- beside them: they join event_store's fixed columns. The trigger carries the declaration it was made with, so it is
-- made again.
update table_mutability
   set fixed_columns = fixed_columns || ' message_name typed_event'
 where table_name = 'event_store';
select autobiz_enforce_mutability('event_store', '${app_role}');
