-- Undoes V10. Destroys every stored config version: keep the YAML files.
drop table business_configs;
delete from flyway_schema_history where version = '10';
