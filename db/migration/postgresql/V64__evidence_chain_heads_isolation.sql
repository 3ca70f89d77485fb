-- Issue 22 (PostgreSQL): the chain heads of V63 are isolated by store and enforced as declared (MUTABLE).
select autobiz_isolate_by_tenant('evidence_chain_heads');
select autobiz_enforce_mutability('evidence_chain_heads', '${app_role}');
