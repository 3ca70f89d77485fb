drop trigger receipts_no_truncate on receipts;
drop trigger receipts_append_only on receipts;
drop function autobiz_refuse_receipt_change();
