package io.autobiz.kernel.tenant;

import io.autobiz.kernel.KernelApi;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The only way the kernel reaches AutoBiz tables. Each unit of work runs with {@code app.tenant_id} set for its
 * transaction ({@code set_tenant_context(...)}, which is {@code set_config(..., true)} after checking the ID), so on
 * PostgreSQL row-level security confines it to one tenant.
 *
 * <p>Two kinds of work: {@link #inTransaction} joins the caller's transaction when there is one (a workflow step's
 * job), so kernel rows commit or roll back with the step; {@link #inNewTransaction} always commits on its own, for
 * records that must survive a rollback (a refusal, an in-flight idempotency marker). Rows that are best written last in
 * the caller's transaction wait for its commit through {@link #beforeCommit}, when this instance {@linkplain
 * #committingThrough knows the caller's transactions}.
 *
 * <p>When row-level security refuses a row, the refusal is a {@link CrossTenantAccessException} and, if this instance
 * {@linkplain #reportingTo reports}, a security incident.
 */
@KernelApi
public final class TenantJdbc {

    /** Work to do on a connection whose tenant context is already set. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final DataSource transactional;
    private final DataSource independent;
    private final SecurityIncidents incidents;
    private final CommitHooks commitHooks;
    private volatile Boolean rowLevelSecurity;

    /**
     * @param transactional a DataSource whose connections join the caller's transaction when one is active (in the
     *     application, Spring's {@code TransactionAwareDataSourceProxy} over the pool)
     * @param independent the pool itself, for work that commits on its own
     */
    public TenantJdbc(DataSource transactional, DataSource independent) {
        this(transactional, independent, null, CommitHooks.NONE);
    }

    /** For tests and single-connection tools, where both are the same pool. */
    public TenantJdbc(DataSource dataSource) {
        this(dataSource, dataSource);
    }

    private TenantJdbc(
            DataSource transactional, DataSource independent, SecurityIncidents incidents, CommitHooks commitHooks) {
        this.transactional = Objects.requireNonNull(transactional);
        this.independent = Objects.requireNonNull(independent);
        this.incidents = incidents;
        this.commitHooks = Objects.requireNonNull(commitHooks);
    }

    /** The same data sources, recording every row-level-security refusal as a security incident. */
    public TenantJdbc reportingTo(SecurityIncidents incidents) {
        return new TenantJdbc(transactional, independent, Objects.requireNonNull(incidents), commitHooks);
    }

    /**
     * The same data sources, with the hooks of the transactions that {@link #inTransaction} joins (without them, the
     * default, {@link #beforeCommit} finds no transaction and work is done at once).
     */
    public TenantJdbc committingThrough(CommitHooks commitHooks) {
        return new TenantJdbc(transactional, independent, incidents, Objects.requireNonNull(commitHooks));
    }

    /**
     * The batch {@code owner} collects for the end of the caller's transaction ({@link CommitHooks#batch}); empty when
     * there is no transaction to wait for, and then the caller does its work at once.
     */
    public <T> Optional<T> beforeCommit(Object owner, Supplier<T> create, Consumer<T> work) {
        return commitHooks.batch(owner, create, work);
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
            if (isRowLevelSecurityRefusal(e)) {
                throw refused(tenant, e);
            }
            throw new TenantDataAccessException("database work for tenant " + tenant + " failed: " + e.getMessage(), e);
        }
    }

    private CrossTenantAccessException refused(TenantId tenant, SQLException e) {
        String table = tableNamedIn(e.getMessage());
        if (incidents != null) {
            incidents.record(SecurityIncident.of(
                    tenant,
                    "application",
                    SecurityIncident.Channel.DATABASE,
                    "write to " + table + " refused by row-level security in the context of " + tenant));
        }
        return new CrossTenantAccessException(
                "row-level security refused a row of " + table + " in the context of tenant " + tenant, e);
    }

    /**
     * PostgreSQL reports a policy violation as SQLSTATE 42501 with "row-level security" in the message; the same state
     * without it is a missing grant, which is a deployment fault rather than a cross-tenant attempt.
     */
    private static boolean isRowLevelSecurityRefusal(SQLException e) {
        return INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())
                && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("row-level security");
    }

    /** The quoted table name in PostgreSQL's message ({@code ... policy for table "traces"}), or "a table". */
    private static String tableNamedIn(String message) {
        int open = message == null ? -1 : message.indexOf("table \"");
        int close = open < 0 ? -1 : message.indexOf('"', open + 7);
        return close < 0 ? "a table" : message.substring(open + 7, close);
    }

    private void setTenant(Connection connection, TenantId tenant) throws SQLException {
        if (!hasRowLevelSecurity(connection)) {
            return;
        }
        // set_tenant_context (migration V22) checks the ID's format in the database too, then sets app.tenant_id for
        // this transaction only, so a pooled connection never carries a tenant into its next use.
        try (PreparedStatement statement = connection.prepareStatement("select set_tenant_context(?)")) {
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
