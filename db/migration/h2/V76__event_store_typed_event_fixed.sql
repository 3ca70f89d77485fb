-- Issue 15 + 22 (H2): as the PostgreSQL V76, the typed event and its BPMN message join event_store's fixed columns.
-- The trigger reads the declaration when it is created, so it is created again.
update table_mutability
   set fixed_columns = fixed_columns || ' message_name typed_event'
 where table_name = 'event_store';
drop trigger event_store_transitions;
create trigger event_store_transitions before update, delete on event_store
    for each row call 'io.autobiz.app.db.TransitionH2Trigger';
