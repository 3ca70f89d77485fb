-- Issue 16 (H2, the quick start): V80's golden_runs checks its declared transitions by trigger, as V62 does.
create trigger golden_runs_transitions before update, delete on golden_runs
    for each row call 'io.autobiz.app.db.TransitionH2Trigger';
