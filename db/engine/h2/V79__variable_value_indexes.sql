-- Migration V79 on H2 (see ../postgresql/V79__variable_value_indexes.sql): indexes on the value of the engine's runtime
-- and historic variables. H2's B-tree has no entry size limit, so plain indexes.
create index autobiz_idx_hi_varinst_text on act_hi_varinst (text_);
create index autobiz_idx_hi_varinst_long on act_hi_varinst (long_);
create index autobiz_idx_ru_variable_text on act_ru_variable (text_);
create index autobiz_idx_ru_variable_long on act_ru_variable (long_);
