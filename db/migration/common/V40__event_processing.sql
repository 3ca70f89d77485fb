-- Event processing (P1-TASK-24/25). Portable SQL (PostgreSQL and H2); event_store and reconciliation keep the
-- row-level security V3/V22 gave them.
-- dedup_key: a second provider key deduplicated for good beside provider_event_id (Shopify: topic + event ID).
-- message_name: the BPMN message the event becomes (OrderPaid, ShipmentSent, PaymentFailed, FulfilmentProblem).
-- hold_until: set when the ordering gate first holds the event; after it the event is released with a flag.
alter table event_store add column dedup_key varchar(300);
alter table event_store add column message_name varchar(60);
alter table event_store add column hold_until timestamp with time zone;
alter table event_store add column timeout_released boolean default false not null;
alter table event_store add column operator_released boolean default false not null;
alter table event_store add column attempts integer default 0 not null;
alter table event_store add column outcome varchar(500);
create unique index idx_events_tenant_dedup on event_store (tenant_id, source, dedup_key);
create index idx_events_tenant_entity on event_store (tenant_id, entity_id, status);

-- Reconciliation rows know the event that revealed the drift and the approval that decides a financial repair.
alter table reconciliation add column event_id varchar(36);
alter table reconciliation add column approval_ref varchar(100);
alter table reconciliation add column field_name varchar(100);
