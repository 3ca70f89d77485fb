package io.autobiz.delegates;

import io.autobiz.kernel.hitl.ApproverDirectory;
import io.autobiz.kernel.tenant.TenantId;
import java.util.Objects;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * An approver is the person the engine authenticated for this request, in the store's approvers group and the store's
 * tenant. Both come from the authentication the server set (Tasklist session, REST Basic auth, or the Slack user's
 * mapping), which a caller cannot write into.
 */
public final class CurrentApprover implements ApproverDirectory {

    private final IdentityService identity;

    public CurrentApprover(IdentityService identity) {
        this.identity = Objects.requireNonNull(identity);
    }

    @Override
    public boolean isApprover(TenantId tenant, String approversGroup, String userId) {
        Authentication authentication = identity.getCurrentAuthentication();
        return authentication != null
                && userId != null
                && userId.equals(authentication.getUserId())
                && authentication.getGroupIds() != null
                && authentication.getGroupIds().contains(approversGroup)
                && authentication.getTenantIds() != null
                && authentication.getTenantIds().contains(tenant.value());
    }
}
