-- Issue 21 (PostgreSQL): the sandbox providers' state of V67 is isolated by store and enforced as declared (MUTABLE).
select autobiz_isolate_by_tenant('sandbox_objects');
select autobiz_enforce_mutability('sandbox_objects', '${app_role}');
select autobiz_isolate_by_tenant('sandbox_printful_timeline');
select autobiz_enforce_mutability('sandbox_printful_timeline', '${app_role}');
