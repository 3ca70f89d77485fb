-- Issue 16 (H2, the quick start): V73's tables refuse UPDATE and DELETE by trigger, as business_configs does (V62).
create trigger gate_evidence_append_only before update, delete on gate_evidence
    for each row call 'io.autobiz.app.db.AppendOnlyH2Trigger';
create trigger deploy_gate_overrides_append_only before update, delete on deploy_gate_overrides
    for each row call 'io.autobiz.app.db.AppendOnlyH2Trigger';
