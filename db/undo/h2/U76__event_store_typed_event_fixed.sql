-- Undoes V76 (H2): event_store's fixed columns as V60 declared them, and its trigger created again to read them.
update table_mutability
   set fixed_columns = replace(fixed_columns, ' message_name typed_event', '')
 where table_name = 'event_store';
drop trigger event_store_transitions;
create trigger event_store_transitions before update, delete on event_store
    for each row call 'io.autobiz.app.db.TransitionH2Trigger';
delete from flyway_schema_history where version = '76';
