-- Undoes V33 (H2): receipts can be changed again.
drop trigger receipts_append_only;
delete from flyway_schema_history where version = '33';
