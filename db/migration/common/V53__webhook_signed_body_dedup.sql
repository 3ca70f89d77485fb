-- Issue 14: webhooks prove themselves. Portable SQL (PostgreSQL and H2).
-- A delivery whose signed body was stored before for the store and provider is a duplicate whatever its unsigned
-- headers (Shopify's webhook ID, event ID, topic) say. Null for rows stored before and for SendGrid batches (one body,
-- several events, each deduplicated on its own signed ID); several nulls never collide in a unique index.
alter table event_store add column body_sha256 char(64);
create unique index idx_events_tenant_body on event_store (tenant_id, source, body_sha256);

-- A correctly signed delivery that names another shop, account, Printful store or Slack team than the store whose
-- endpoint it was posted to is refused and recorded as a security incident of the channel WEBHOOK.
alter table security_incidents drop constraint ck_security_incidents_channel;
alter table security_incidents add constraint ck_security_incidents_channel
    check (channel in ('DATABASE', 'KERNEL_INPUT', 'ENGINE', 'CREDENTIAL', 'ADMIN_API', 'SLACK', 'WEBHOOK'));
