-- Undoes V22 (PostgreSQL): every table with a tenant_id goes back to V3's single FOR ALL policy (still forced, same
-- predicate), and the two functions are dropped. The application must be stopped first: its kernel sets the tenant
-- context through set_tenant_context.
select autobiz_isolate_by_tenant(c.oid::regclass, false)
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = current_schema()
   and c.relkind in ('r', 'p')
   and exists (select 1 from pg_attribute a
                where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped);
drop function autobiz_isolate_by_tenant(regclass, boolean);
drop function set_tenant_context(text);
delete from flyway_schema_history where version = '22';
