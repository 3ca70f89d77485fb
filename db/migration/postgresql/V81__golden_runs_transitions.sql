-- Issue 16 (PostgreSQL): V80's golden_runs moves only as declared (RUNNING to DONE or FAILED, once), by trigger.
select autobiz_enforce_mutability('golden_runs', '${app_role}');
