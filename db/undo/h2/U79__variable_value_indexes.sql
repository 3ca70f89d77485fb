-- Undoes V79 (h2): lookups by a variable's value read every variable of the name again.
drop index if exists autobiz_idx_hi_varinst_text;
drop index if exists autobiz_idx_hi_varinst_long;
drop index if exists autobiz_idx_ru_variable_text;
drop index if exists autobiz_idx_ru_variable_long;
delete from flyway_schema_history where version = '79';
