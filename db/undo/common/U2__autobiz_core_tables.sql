-- Undoes V2 (PostgreSQL and H2). Destroys every AutoBiz row: export first (docs/database.md).
drop table hitl_requests;
drop table reconciliation;
drop table event_store;
drop table receipts;
drop table state_versions;
drop table traces;
drop table tenants;
delete from flyway_schema_history where version = '2';
