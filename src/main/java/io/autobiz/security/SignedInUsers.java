package io.autobiz.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.stereotype.Component;

/**
 * Who is asking, for AutoBiz endpoints that the Camunda webapps call (the Cockpit plugin): the user signed in to the
 * webapps in this HTTP session, or else HTTP Basic checked against the engine's identity service. Only the user ID is
 * taken from the session; what they may see (administrator or not, their stores) is read from the identity service on
 * every request, so a membership removed a minute ago no longer counts, whatever the webapps' cache still says.
 */
@Component
public class SignedInUsers {

    private final ProcessEngine engine;
    private final IdentityService identity;

    SignedInUsers(ProcessEngine engine) {
        this.engine = engine;
        this.identity = engine.getIdentityService();
    }

    /** A signed-in user and the stores (Camunda tenants) they may see; an administrator may see every store. */
    public record SignedInUser(String id, boolean administrator, Set<String> stores) {

        public boolean maySee(String store) {
            return administrator || (store != null && stores.contains(store));
        }
    }

    /** The user this request is signed in as, or empty when there is none or the credentials are wrong. */
    public Optional<SignedInUser> of(HttpServletRequest request) {
        return webappSession(request.getSession(false))
                .or(() -> basic(request.getHeader("Authorization")))
                .map(this::describe);
    }

    private Optional<String> webappSession(HttpSession session) {
        if (session == null) {
            return Optional.empty();
        }
        Authentications signedIn = AuthenticationUtil.getAuthsFromSession(session);
        Authentication user = signedIn == null ? null : signedIn.getAuthenticationForProcessEngine(engine.getName());
        return user == null || user.getIdentityId() == null ? Optional.empty() : Optional.of(user.getIdentityId());
    }

    private Optional<String> basic(String header) {
        String[] credentials = AdminApiAuthentication.basicCredentials(header);
        return credentials != null && identity.checkPassword(credentials[0], credentials[1])
                ? Optional.of(credentials[0])
                : Optional.empty();
    }

    private SignedInUser describe(String user) {
        boolean administrator = identity.createUserQuery()
                        .userId(user)
                        .memberOfGroup(Groups.CAMUNDA_ADMIN)
                        .count()
                > 0;
        List<Tenant> memberOf = identity.createTenantQuery()
                .userMember(user)
                .includingGroupsOfUser(true)
                .list();
        Set<String> stores = new TreeSet<>();
        memberOf.forEach(tenant -> stores.add(tenant.getId()));
        return new SignedInUser(user, administrator, Set.copyOf(stores));
    }
}
