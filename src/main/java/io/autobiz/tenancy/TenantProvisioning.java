package io.autobiz.tenancy;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tenant.TenantJdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes every configured store exist everywhere it must: a row in {@code tenants}, a Camunda tenant, and an approvers
 * group that belongs to that tenant and may use Tasklist. Idempotent; runs at every start-up.
 *
 * <p>On tasks, the group gets what the engine grants candidates (READ and TASK_WORK: claim and complete, set in
 * {@code application.yml}), never UPDATE, which would let approvers set the variables of what they approve. Grants the
 * engine made with UPDATE before that setting are narrowed here at start-up.
 */
@Component
@Order(10)
public class TenantProvisioning implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TenantProvisioning.class);

    private final TenantProperties properties;
    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final TenantJdbc jdbc;
    private final Clock clock;

    public TenantProvisioning(
            TenantProperties properties,
            IdentityService identity,
            AuthorizationService authorizations,
            TenantJdbc jdbc,
            Clock clock) {
        this.properties = properties;
        this.identity = identity;
        this.authorizations = authorizations;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The Camunda group whose members approve the store's requests. */
    public static String approversGroup(String tenant) {
        return tenant + "-approvers";
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Map.Entry<String, TenantSettings> entry : properties.tenants().entrySet()) {
            TenantId tenant = TenantId.of(entry.getKey());
            String displayName = entry.getValue().displayName() == null
                    ? tenant.value()
                    : entry.getValue().displayName();
            ensureTenantRow(tenant, displayName);
            ensureEngineTenant(tenant, displayName);
            narrowTaskGrants(approversGroup(tenant.value()));
            log.info("store {} is provisioned (tenant, approvers group {})", tenant, approversGroup(tenant.value()));
        }
    }

    private void ensureTenantRow(TenantId tenant, String displayName) {
        jdbc.inTransaction(tenant, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select 1 from tenants where tenant_id = ?")) {
                select.setString(1, tenant.value());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return null;
                    }
                }
            }
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into tenants (tenant_id, display_name, created_at, updated_at) values (?, ?, ?, ?)")) {
                insert.setString(1, tenant.value());
                insert.setString(2, displayName);
                insert.setTimestamp(3, now);
                insert.setTimestamp(4, now);
                insert.executeUpdate();
            }
            return null;
        });
    }

    private void ensureEngineTenant(TenantId tenant, String displayName) {
        String id = tenant.value();
        if (identity.createTenantQuery().tenantId(id).count() == 0) {
            var engineTenant = identity.newTenant(id);
            engineTenant.setName(displayName);
            identity.saveTenant(engineTenant);
        }
        String group = approversGroup(id);
        if (identity.createGroupQuery().groupId(group).count() == 0) {
            Group approvers = identity.newGroup(group);
            approvers.setName(displayName + " approvers");
            approvers.setType(Groups.GROUP_TYPE_WORKFLOW);
            identity.saveGroup(approvers);
            identity.createTenantGroupMembership(id, group);
            grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            grant(group, Resources.FILTER, Authorization.ANY, Permissions.READ);
            grant(group, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ);
        }
    }

    /** Open tasks whose grant to the group still carries UPDATE (made before TASK_WORK was the engine's default). */
    private void narrowTaskGrants(String group) {
        List<Authorization> wide = authorizations
                .createAuthorizationQuery()
                .groupIdIn(group)
                .resourceType(Resources.TASK)
                .hasPermission(Permissions.UPDATE)
                .list();
        for (Authorization grant : wide) {
            grant.removePermission(Permissions.UPDATE);
            grant.addPermission(Permissions.TASK_WORK);
            authorizations.saveAuthorization(grant);
        }
        if (!wide.isEmpty()) {
            log.info("approvers group {}: UPDATE replaced by TASK_WORK on {} open tasks", group, wide.size());
        }
    }

    private void grant(String group, Resource resource, String resourceId, Permission permission) {
        Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        authorization.setGroupId(group);
        authorization.setResource(resource);
        authorization.setResourceId(resourceId);
        authorization.addPermission(permission);
        authorizations.saveAuthorization(authorization);
    }
}
