-- Issue 15: typed events. What a provider's event says happened (a paid order, a failed payment, a shipment, a
-- Printful order that failed or was put on hold), read once from the signed body by its provider's webhook and stored
-- as JSON beside the raw payload, so the workflow it drives never parses the provider's body a second time.
-- Null for events no workflow acts on, and for rows stored before (their workflow step refuses them readably).
alter table event_store add column typed_event text;
