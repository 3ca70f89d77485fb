-- Undoes V32 (PostgreSQL): receipts can be changed again. The RLS policies of the V30/V31 tables go with them.
drop trigger receipts_no_truncate on receipts;
drop trigger receipts_append_only on receipts;
drop function autobiz_refuse_receipt_change();
delete from flyway_schema_history where version = '32';
