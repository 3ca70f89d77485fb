-- Undoes V74 (H2): the append-only triggers go.
drop trigger deploy_gate_overrides_append_only;
drop trigger gate_evidence_append_only;
delete from flyway_schema_history where version = '74';
