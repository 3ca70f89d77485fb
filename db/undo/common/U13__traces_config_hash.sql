-- Undoes V13.
alter table traces drop column config_sha256;
delete from flyway_schema_history where version = '13';
