-- Flyway callback, after every migrate (PostgreSQL): refuses to finish while any table with a tenant_id column is not
-- isolated by store. Checked: row-level security enabled and forced; for each of SELECT, INSERT, UPDATE and DELETE a
-- permissive policy for everyone that tests app.tenant_id (USING for reads, WITH CHECK for writes, both for UPDATE);
-- and no permissive policy that does not test it (permissive policies are OR-ed: one "using (true)" opens the table).
-- So a migration that forgets isolation for its table fails at start-up and in CI, instead of leaking in production.
-- Issue 22: every such table must also declare how its rows may change (a row in table_mutability, V60), and the
-- declaration must be enforced (V61): an APPEND_ONLY table's UPDATE and DELETE are not granted to the application role,
-- a TRANSITION_ONLY table has its <table>_transitions trigger.
do $$
declare
    problems text;
begin
    with tenant_tables as (
        select c.relname
             , c.relrowsecurity
             , c.relforcerowsecurity
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema()
           and c.relkind in ('r', 'p')
           and exists (select 1 from pg_attribute a
                        where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    ),
    commands(cmd) as (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE')),
    policies as (
        select p.tablename
             , p.policyname
             , p.cmd
             , p.permissive = 'PERMISSIVE' as permissive
             , p.permissive = 'PERMISSIVE' and 'public' = any(p.roles) as for_everyone
             , coalesce(p.qual, '') like '%app.tenant_id%' as reads_tenant
             , coalesce(p.with_check, p.qual, '') like '%app.tenant_id%' as writes_tenant
             , p.qual
             , p.with_check
          from pg_policies p
         where p.schemaname = current_schema()
    ),
    findings as (
        select t.relname || ': row-level security is not enabled' as finding
          from tenant_tables t where not t.relrowsecurity
        union all
        select t.relname || ': row-level security is not forced'
          from tenant_tables t where not t.relforcerowsecurity
        union all
        select t.relname || ': no policy confines ' || m.cmd || ' to the tenant context'
          from tenant_tables t
         cross join commands m
         where not exists (
               select 1 from policies p
                where p.tablename = t.relname
                  and p.for_everyone
                  and p.cmd in (m.cmd, 'ALL')
                  and case m.cmd
                        when 'SELECT' then p.reads_tenant
                        when 'DELETE' then p.reads_tenant
                        when 'INSERT' then p.writes_tenant
                        else p.reads_tenant and p.writes_tenant
                      end)
        union all
        select p.tablename || ': permissive policy ' || p.policyname || ' does not test app.tenant_id'
          from policies p
          join tenant_tables t on t.relname = p.tablename
         where p.permissive
           and ((p.qual is not null and not p.reads_tenant)
             or (p.with_check is not null and p.with_check not like '%app.tenant_id%'))
        union all
        select t.relname || ': no declared mutability class (a row in table_mutability)'
          from tenant_tables t
         where not exists (select 1 from table_mutability m where m.table_name = t.relname)
        union all
        select m.table_name || ': APPEND_ONLY but the application role may ' || c.cmd
          from table_mutability m
         cross join (values ('UPDATE'), ('DELETE'), ('TRUNCATE')) c(cmd)
         where m.mutability = 'APPEND_ONLY'
           and to_regclass(m.table_name) is not null
           and has_table_privilege('${app_role}', m.table_name, c.cmd)
        union all
        select m.table_name || ': TRANSITION_ONLY but has no trigger ' || m.table_name || '_transitions'
          from table_mutability m
         where m.mutability = 'TRANSITION_ONLY'
           and to_regclass(m.table_name) is not null
           and not exists (select 1 from pg_trigger g
                            where g.tgrelid = to_regclass(m.table_name) and not g.tgisinternal
                              and g.tgname = m.table_name || '_transitions')
    )
    select string_agg(finding, '; ' order by finding) into problems from findings;
    if problems is not null then
        raise exception 'tenant isolation or mutability is incomplete (docs/database.md): %', problems;
    end if;
end
$$;
