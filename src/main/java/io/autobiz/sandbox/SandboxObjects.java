package io.autobiz.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.tenancy.TenantProperties;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the sandbox providers hold, in the engine's database ({@code sandbox_objects}, V67): each object as the
 * provider's JSON, per store. Every piece of work runs in one transaction with the store's tenant context (on
 * PostgreSQL row-level security confines it to the store, V68); an object that is changed is read with {@link
 * Store#lock}, so two nodes never change the same object at once. IDs come from database sequences, so they continue
 * after a restart and never repeat across nodes.
 */
@Component
@ConditionalOnProperty(name = "autobiz.sandbox.enabled", havingValue = "true")
public class SandboxObjects {

    /** Numbers come back as {@code Long}, as the providers' objects were built before they were stored. */
    private static final ObjectReader READER = Json.mapper()
            .reader()
            .with(DeserializationFeature.USE_LONG_FOR_INTS)
            .forType(LinkedHashMap.class);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantProperties tenants;
    private volatile Boolean postgres;

    public SandboxObjects(DataSource dataSource, PlatformTransactionManager transactions, TenantProperties tenants) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tenants = tenants;
    }

    /** The stores this node serves, whose sandbox objects {@code /sandbox} lists. */
    public List<TenantId> stores() {
        return tenants.tenants().keySet().stream().sorted().map(TenantId::of).toList();
    }

    /** Work on one store's objects, in a transaction of its own. */
    public <T> T inStore(TenantId store, Function<Store, T> work) {
        return transactions.execute(status -> {
            if (isPostgres()) {
                jdbc.sql("select set_tenant_context(?)")
                        .param(store.value())
                        .query()
                        .singleValue();
            }
            return work.apply(new Store(store));
        });
    }

    /**
     * Inserts an object only if the store has none of that kind and ID yet, in a transaction of its own; {@code false}
     * when it was there already (also when another node inserted it at the same moment).
     */
    public boolean insertOnce(TenantId store, String kind, String id, Map<String, Object> body) {
        try {
            return inStore(store, objects -> {
                if (objects.find(kind, id).isPresent()) {
                    return false;
                }
                objects.insert(kind, id, null, body);
                return true;
            });
        } catch (DuplicateKeyException another) {
            return false;
        }
    }

    /** The next value of one of V67's ID sequences. */
    public long nextId(String sequence) {
        String next = isPostgres() ? "select nextval('" + sequence + "')" : "select next value for " + sequence;
        return jdbc.sql(next).query(Long.class).single();
    }

    private boolean isPostgres() {
        Boolean known = postgres;
        if (known == null) {
            try (Connection connection = dataSource.getConnection()) {
                known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot tell which database the sandbox runs on", e);
            }
            postgres = known;
        }
        return known;
    }

    static String write(Map<String, Object> body) {
        return Json.write(Json.mapper().valueToTree(body));
    }

    static Map<String, Object> read(String body) {
        try {
            return READER.readValue(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored sandbox object is not JSON", e);
        }
    }

    /** One store's objects within the current transaction. */
    public final class Store {

        private final TenantId store;

        private Store(TenantId store) {
            this.store = store;
        }

        public TenantId id() {
            return store;
        }

        public Optional<Map<String, Object>> find(String kind, String id) {
            return jdbc.sql("select body from sandbox_objects where tenant_id = ? and kind = ? and object_id = ?")
                    .params(store.value(), kind, id)
                    .query(String.class)
                    .optional()
                    .map(SandboxObjects::read);
        }

        /** As {@link #find}, and locked until the transaction ends: the object about to be changed. */
        public Optional<Map<String, Object>> lock(String kind, String id) {
            return jdbc.sql("select body from sandbox_objects where tenant_id = ? and kind = ? and object_id = ?"
                            + " for update")
                    .params(store.value(), kind, id)
                    .query(String.class)
                    .optional()
                    .map(SandboxObjects::read);
        }

        /** The objects of a kind looked up by {@code ref}, oldest first. */
        public List<Map<String, Object>> byRef(String kind, String ref) {
            return jdbc
                    .sql("select body from sandbox_objects where tenant_id = ? and kind = ? and ref = ? order by seq")
                    .params(store.value(), kind, ref)
                    .query(String.class)
                    .list()
                    .stream()
                    .map(SandboxObjects::read)
                    .toList();
        }

        /** Every object of a kind, oldest first. */
        public List<Map<String, Object>> all(String kind) {
            return jdbc
                    .sql("select body from sandbox_objects where tenant_id = ? and kind = ? order by seq")
                    .params(store.value(), kind)
                    .query(String.class)
                    .list()
                    .stream()
                    .map(SandboxObjects::read)
                    .toList();
        }

        public void insert(String kind, String id, String ref, Map<String, Object> body) {
            jdbc.sql("insert into sandbox_objects (tenant_id, kind, object_id, ref, body) values (?, ?, ?, ?, ?)")
                    .params(store.value(), kind, id, ref, write(body))
                    .update();
        }

        public void update(String kind, String id, Map<String, Object> body) {
            jdbc.sql("update sandbox_objects set body = ?, updated_at = current_timestamp"
                            + " where tenant_id = ? and kind = ? and object_id = ?")
                    .params(write(body), store.value(), kind, id)
                    .update();
        }

        /** For the tables beside {@code sandbox_objects} (the Printful timeline), in the same transaction. */
        public JdbcClient jdbc() {
            return jdbc;
        }
    }
}
