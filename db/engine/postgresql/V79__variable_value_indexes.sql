-- Migration V79 on PostgreSQL (run by the Java migration io.autobiz.engine.db.EngineVariableIndexes, which comes with
-- the engine's schema, V1). The application finds runs by a variable's value: WF01's check for another run of the same
-- order and WF04's Printful order of an order (`orderId`, a string, in the history), a shipment's run
-- (`printfulOrderId`, a long, in the history and among running instances), message correlation by `orderId` and
-- `printfulOrderId`. Camunda's own indexes on the variable tables cover the name and type, not the value, so each
-- lookup read every variable of that name: the cost grew with the number of runs, and a soak of a few thousand orders
-- spent most of the database's time there (24 s for one lookup after 3,000 runs). These indexes find the value
-- directly. Text by hash, not B-tree: a string variable may hold up to 4,000 characters, more than a B-tree entry may,
-- and only equality is looked up.
create index autobiz_idx_hi_varinst_text on act_hi_varinst using hash (text_);
create index autobiz_idx_hi_varinst_long on act_hi_varinst (long_);
create index autobiz_idx_ru_variable_text on act_ru_variable using hash (text_);
create index autobiz_idx_ru_variable_long on act_ru_variable (long_);
