-- PostgreSQL: the new evidence tables are isolated by store, and receipts become append-only (INV-05, P1-TASK-14).
select autobiz_isolate_by_tenant('idempotency_records');
select autobiz_isolate_by_tenant('receipt_chain_heads');
select autobiz_isolate_by_tenant('trace_archives');

-- A receipt, once written, is evidence: no role may change or remove it, the owner included (a trigger applies to
-- every role; only disabling it, an audited DDL act, gets round it, and the hash chain exposes what was done then).
create function autobiz_refuse_receipt_change() returns trigger
    language plpgsql
as $$
begin
    raise exception 'receipts are append-only: % refused', tg_op using errcode = '42501';
end
$$;
create trigger receipts_append_only
    before update or delete on receipts
    for each row execute function autobiz_refuse_receipt_change();
create trigger receipts_no_truncate
    before truncate on receipts
    for each statement execute function autobiz_refuse_receipt_change();
