/**
 * Tenants and the database's tenant context. Every access to an AutoBiz table goes through
 * {@link io.autobiz.kernel.tenant.TenantJdbc}, which sets {@code app.tenant_id} for the transaction so that
 * PostgreSQL's row-level security shows and accepts only that tenant's rows (INV-06). Never hand out a connection
 * without a tenant set.
 */
package io.autobiz.kernel.tenant;
