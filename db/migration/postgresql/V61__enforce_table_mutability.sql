-- Issue 22 (PostgreSQL): the declarations of V60 (table_mutability) are enforced by the database, whatever code runs
-- as the application role ${app_role}:
--   APPEND_ONLY      UPDATE and DELETE are revoked from the application role (the owner keeps them: it runs
--                    migrations and the retention functions below; receipts also refuse the owner, by V32's trigger);
--   TRANSITION_ONLY  a trigger per table, for every role, refuses an undeclared move of the status column, a change of
--                    a fixed column, a second write of a set-once column, and a DELETE outside deletable_statuses.
-- The declarations are read once, here: a later migration that adds a table adds its row to table_mutability and
-- calls autobiz_enforce_mutability('<table>', '${app_role}'). The afterMigrate callback checks both.

-- The catalog is the owner's: the application may read it, never change it.
revoke insert, update, delete on table_mutability from ${app_role};

-- The rule of a transition-only table. Arguments, baked into the trigger when it is created: status column,
-- transitions ('FROM>TO' pairs), fixed columns, set-once columns, deletable statuses (space separated; '' for none).
-- Columns are compared as JSON, so added columns (a later migration's) are untouched unless declared.
create function autobiz_check_transition() returns trigger
    language plpgsql
as $$
declare
    status_column constant text := tg_argv[0];
    transitions constant text[] := string_to_array(nullif(tg_argv[1], ''), ' ');
    fixed constant text[] := coalesce(string_to_array(nullif(tg_argv[2], ''), ' '), '{}');
    set_once constant text[] := coalesce(string_to_array(nullif(tg_argv[3], ''), ' '), '{}');
    deletable constant text[] := coalesce(string_to_array(nullif(tg_argv[4], ''), ' '), '{}');
    before_row jsonb := to_jsonb(old);
    after_row jsonb;
    from_status text := before_row ->> status_column;
    to_status text;
    col text;
begin
    if tg_op = 'DELETE' then
        if from_status = any(deletable) then
            return old;
        end if;
        raise exception '%: a row in status % cannot be deleted (transition-only, table_mutability)',
            tg_table_name, from_status using errcode = '42501';
    end if;
    after_row := to_jsonb(new);
    to_status := after_row ->> status_column;
    if from_status is distinct from to_status
       and not coalesce((from_status || '>' || to_status) = any(transitions), false) then
        raise exception '%: % may not move from % to % (transition-only, table_mutability)',
            tg_table_name, status_column, from_status, to_status using errcode = '42501';
    end if;
    foreach col in array fixed loop
        if before_row -> col is distinct from after_row -> col then
            raise exception '%: column % never changes once written (transition-only, table_mutability)',
                tg_table_name, col using errcode = '42501';
        end if;
    end loop;
    foreach col in array set_once loop
        if before_row ->> col is not null and before_row -> col is distinct from after_row -> col then
            raise exception '%: column % is written once (transition-only, table_mutability)',
                tg_table_name, col using errcode = '42501';
        end if;
    end loop;
    return new;
end
$$;

-- Enforces one table's declaration. Idempotent; only the owner can run it.
create function autobiz_enforce_mutability(target text, app_role text) returns void
    language plpgsql
as $$
declare
    declared table_mutability%rowtype;
begin
    select * into declared from table_mutability where table_name = target;
    if not found then
        raise exception '%: no row in table_mutability declares how it may change', target;
    end if;
    execute format('drop trigger if exists %I on %I', target || '_transitions', target);
    if declared.mutability = 'APPEND_ONLY' then
        execute format('revoke update, delete, truncate on %I from %I', target, app_role);
    elsif declared.mutability = 'TRANSITION_ONLY' then
        execute format('grant update, delete on %I to %I', target, app_role);
        execute format('create trigger %I before update or delete on %I for each row'
                           || ' execute function autobiz_check_transition(%L, %L, %L, %L, %L)',
                       target || '_transitions', target, declared.status_column,
                       coalesce(declared.transitions, ''), coalesce(declared.fixed_columns, ''),
                       coalesce(declared.set_once_columns, ''), coalesce(declared.deletable_statuses, ''));
    else
        execute format('grant update, delete on %I to %I', target, app_role);
    end if;
end
$$;
revoke all on function autobiz_enforce_mutability(text, text) from public;

select autobiz_enforce_mutability(table_name, '${app_role}') from table_mutability order by table_name;

-- Retention, named: the only way rows of an append-only table leave or are emptied. SECURITY DEFINER runs them as the
-- owner, which row-level security still confines (forced) to the caller's store; each does one narrow thing.

-- Removes transcript lines of one run that an archive row of the same store already holds (same run, its ID range
-- covers them, as many lines as it says): a line can leave the hot tier only into the warm one.
create function autobiz_retire_traces(p_tenant text, p_run_id text, p_first bigint, p_last bigint,
                                      p_cutoff timestamp with time zone) returns integer
    language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    removed integer;
begin
    if not exists (select 1 from trace_archives a
                    where a.tenant_id = p_tenant and a.run_id = p_run_id
                      and a.first_trace_id = p_first and a.last_trace_id = p_last
                      and a.events = (select count(*) from traces t
                                       where t.tenant_id = p_tenant and t.run_id = p_run_id
                                         and t.id between p_first and p_last and t.created_at < p_cutoff)) then
        raise exception 'traces of run % (% to %) are not archived: not removed', p_run_id, p_first, p_last
            using errcode = '42501';
    end if;
    delete from traces
     where tenant_id = p_tenant and run_id = p_run_id and id between p_first and p_last and created_at < p_cutoff;
    get diagnostics removed = row_count;
    return removed;
end
$$;
revoke all on function autobiz_retire_traces(text, text, bigint, bigint, timestamp with time zone) from public;
grant execute on function autobiz_retire_traces(text, text, bigint, bigint, timestamp with time zone) to ${app_role};

-- Empties a warm archive once the cold tier wrote it to a file; an archive is exported once.
create function autobiz_mark_trace_archive_exported(p_tenant text, p_id bigint, p_file text,
                                                    p_at timestamp with time zone) returns integer
    language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    marked integer;
begin
    update trace_archives set payload = '', exported_at = p_at, export_file = p_file, updated_at = p_at
     where tenant_id = p_tenant and id = p_id and exported_at is null;
    get diagnostics marked = row_count;
    return marked;
end
$$;
revoke all on function autobiz_mark_trace_archive_exported(text, bigint, text, timestamp with time zone) from public;
grant execute on function autobiz_mark_trace_archive_exported(text, bigint, text, timestamp with time zone)
    to ${app_role};
