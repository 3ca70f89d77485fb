drop trigger receipts_append_only;
