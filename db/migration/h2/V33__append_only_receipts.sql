-- H2 (the quick start): receipts are append-only here too. H2 triggers are Java classes; this one refuses every
-- UPDATE and DELETE of a receipt.
create trigger receipts_append_only before update, delete on receipts
    for each row call 'io.autobiz.app.db.AppendOnlyH2Trigger';
