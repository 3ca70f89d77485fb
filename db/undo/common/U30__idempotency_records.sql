-- Undoes V30 (PostgreSQL and H2): the durable idempotency records are dropped.
drop table idempotency_records;
delete from flyway_schema_history where version = '30';
