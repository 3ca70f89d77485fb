-- Issue 16 (PostgreSQL): V73's tables are append-only as declared: UPDATE, DELETE and TRUNCATE revoked from the
-- application role. They have no tenant_id, so no row-level security (see V73).
select autobiz_enforce_mutability('gate_evidence', '${app_role}');
select autobiz_enforce_mutability('deploy_gate_overrides', '${app_role}');
