-- Row-level security per command on every AutoBiz table (P1-TASK-04), PostgreSQL only.
--
-- Every table with a tenant_id column gets RLS enabled and forced and four policies, one per command, all keyed on the
-- transaction's tenant context:
--   tenant_select  FOR SELECT USING      (tenant_id = app.tenant_id)
--   tenant_insert  FOR INSERT WITH CHECK (tenant_id = app.tenant_id)
--   tenant_update  FOR UPDATE USING (...) WITH CHECK (...)   -- a row can neither be reached nor moved across stores
--   tenant_delete  FOR DELETE USING      (tenant_id = app.tenant_id)
-- replacing V3's single FOR ALL policy. With no tenant context, current_setting(..., true) is NULL or '' and matches
-- no row: such a transaction sees and writes nothing.
--
-- Tables are found, not listed: this covers every table that exists when it runs. A later migration protects its own
-- tables with one line, select autobiz_isolate_by_tenant('<table>'), or V3's FOR ALL policy; the afterMigrate callback
-- (afterMigrate__verify_tenant_isolation.sql) refuses any table left uncovered.

-- The tenant context, set per transaction by the kernel (TenantJdbc). Checks the ID's format here too, so a malformed
-- or empty tenant can never become a context; set_config(..., true) ends with the transaction, so a pooled connection
-- never carries a tenant into its next use.
create function set_tenant_context(tenant text) returns text
    language plpgsql
as $$
begin
    if tenant is null or tenant !~ '^[a-z0-9][a-z0-9-]{1,62}$' then
        raise exception 'not a tenant ID: the tenant context was not set' using errcode = '22023';
    end if;
    return pg_catalog.set_config('app.tenant_id', tenant, true);
end
$$;

-- Puts one table under tenant isolation: per-command policies, or (per_command = false, for the downgrade) V3's single
-- FOR ALL policy. Idempotent. Only the tables' owner can run it.
create function autobiz_isolate_by_tenant(target regclass, per_command boolean default true) returns void
    language plpgsql
as $$
declare
    same_tenant constant text := 'tenant_id = current_setting(''app.tenant_id'', true)';
begin
    execute format('alter table %s enable row level security', target);
    execute format('alter table %s force row level security', target);
    execute format('drop policy if exists tenant_isolation on %s', target);
    execute format('drop policy if exists tenant_select on %s', target);
    execute format('drop policy if exists tenant_insert on %s', target);
    execute format('drop policy if exists tenant_update on %s', target);
    execute format('drop policy if exists tenant_delete on %s', target);
    if per_command then
        execute format('create policy tenant_select on %s for select using (%s)', target, same_tenant);
        execute format('create policy tenant_insert on %s for insert with check (%s)', target, same_tenant);
        execute format('create policy tenant_update on %s for update using (%s) with check (%s)',
                       target, same_tenant, same_tenant);
        execute format('create policy tenant_delete on %s for delete using (%s)', target, same_tenant);
    else
        execute format('create policy tenant_isolation on %s using (%s) with check (%s)',
                       target, same_tenant, same_tenant);
    end if;
end
$$;
revoke all on function autobiz_isolate_by_tenant(regclass, boolean) from public;

select autobiz_isolate_by_tenant(c.oid::regclass)
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = current_schema()
   and c.relkind in ('r', 'p')
   and exists (select 1 from pg_attribute a
                where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped);
