/**
 * Tenant isolation. Every access to an AutoBiz table goes through {@link io.autobiz.kernel.tenant.TenantJdbc}, which
 * sets {@code app.tenant_id} for the transaction so that PostgreSQL's row-level security shows and accepts only that
 * tenant's rows (INV-06); entity IDs are namespaced by their store ({@link io.autobiz.kernel.tenant.EntityId}); tool
 * input naming another store's entity is refused ({@link io.autobiz.kernel.tenant.TenantInputGuard}); and every refused
 * cross-tenant attempt becomes a {@link io.autobiz.kernel.tenant.SecurityIncident}.
 *
 * <p>Never hand out a connection without a tenant set, and never let a refusal depend on recording it.
 */
package io.autobiz.kernel.tenant;
