-- Undoes V11. Running workflows lose their counters and start counting again.
drop table tenant_money_daily;
drop table run_ledger;
delete from flyway_schema_history where version = '11';
