package io.autobiz.kernel.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The only way the kernel reaches AutoBiz tables. Each unit of work runs with {@code app.tenant_id} set for its
 * transaction ({@code set_config(..., true)}), so on PostgreSQL row-level security confines it to one tenant.
 *
 * <p>Two kinds of work: {@link #inTransaction} joins the caller's transaction when there is one (a workflow step's
 * job), so kernel rows commit or roll back with the step; {@link #inNewTransaction} always commits on its own, for
 * records that must survive a rollback (a refusal, an in-flight idempotency marker).
 */
public final class TenantJdbc {

    /** Work to do on a connection whose tenant context is already set. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final DataSource transactional;
    private final DataSource independent;
    private volatile Boolean rowLevelSecurity;

    /**
     * @param transactional a DataSource whose connections join the caller's transaction when one is active (in the
     *     application, Spring's {@code TransactionAwareDataSourceProxy} over the pool)
     * @param independent the pool itself, for work that commits on its own
     */
    public TenantJdbc(DataSource transactional, DataSource independent) {
        this.transactional = Objects.requireNonNull(transactional);
        this.independent = Objects.requireNonNull(independent);
    }

    /** For tests and single-connection tools, where both are the same pool. */
    public TenantJdbc(DataSource dataSource) {
        this(dataSource, dataSource);
    }

    public <T> T inTransaction(TenantId tenant, Work<T> work) {
        return run(transactional, tenant, work);
    }

    public <T> T inNewTransaction(TenantId tenant, Work<T> work) {
        return run(independent, tenant, work);
    }

    private <T> T run(DataSource dataSource, TenantId tenant, Work<T> work) {
        Objects.requireNonNull(tenant, "tenant");
        try (Connection connection = dataSource.getConnection()) {
            boolean ownTransaction = connection.getAutoCommit();
            if (ownTransaction) {
                connection.setAutoCommit(false);
            }
            try {
                setTenant(connection, tenant);
                T result = work.apply(connection);
                if (ownTransaction) {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                if (ownTransaction) {
                    connection.rollback();
                }
                throw e;
            } finally {
                if (ownTransaction) {
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new TenantDataAccessException("database work for tenant " + tenant + " failed: " + e.getMessage(), e);
        }
    }

    private void setTenant(Connection connection, TenantId tenant) throws SQLException {
        if (!hasRowLevelSecurity(connection)) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
            statement.setString(1, tenant.value());
            statement.execute();
        }
    }

    /** Only PostgreSQL has row-level security; on H2 (the quick start) the kernel's own tenant filters apply. */
    private boolean hasRowLevelSecurity(Connection connection) throws SQLException {
        Boolean known = rowLevelSecurity;
        if (known == null) {
            known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            rowLevelSecurity = known;
        }
        return known;
    }
}
