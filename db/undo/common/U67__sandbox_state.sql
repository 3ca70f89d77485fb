-- Undoes V67: the sandbox providers' state goes (the quick start's stand-ins start empty again).
delete from table_mutability where table_name in ('sandbox_objects', 'sandbox_printful_timeline');
drop table sandbox_printful_timeline;
drop table sandbox_objects;
drop sequence sandbox_slack_messages;
drop sequence sandbox_printful_ids;
drop sequence sandbox_shopify_order_numbers;
drop sequence sandbox_shopify_ids;
delete from flyway_schema_history where version = '67';
