package io.autobiz.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testsupport.PostgresWebIT;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The postgres profile as an operator starts it: no demo logins, no default password, REST behind Basic auth. */
class PostgresProfileSecurityIT extends PostgresWebIT {

    @Autowired
    IdentityService identity;

    @Test
    @DisplayName("P1-TASK-02 outside the quick start there are no demo logins; the configured administrator exists")
    void noDemoLoginsOnlyTheConfiguredAdministrator() {
        assertThat(identity.createUserQuery().list()).extracting("id").doesNotContain("admin", "approver", "demo");
        assertThat(identity.createUserQuery()
                        .memberOfGroup(Groups.CAMUNDA_ADMIN)
                        .singleResult()
                        .getId())
                .isEqualTo("ops");
        assertThat(identity.checkPassword("admin", "admin")).isFalse();
        assertThat(identity.checkPasswordAgainstPolicy("admin").isValid())
                .as("the password policy is on")
                .isFalse();
    }

    @Test
    @DisplayName("P1-TASK-02 /engine-rest answers 401 without credentials and 200 for the configured administrator")
    void engineRestNeedsCredentials() throws Exception {
        assertThat(get("/engine-rest/task", null).statusCode()).isEqualTo(401);
        assertThat(get("/engine-rest/task", "admin:admin").statusCode())
                .as("no demo login")
                .isEqualTo(401);
        assertThat(get("/engine-rest/task", ops()).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName(
            "P1-TASK-02 the admin API admits administrators only: 401 without or with wrong credentials, 403 otherwise")
    void adminApiIsForAdministratorsOnly() throws Exception {
        if (identity.createUserQuery().userId("clerk").count() == 0) {
            var clerk = identity.newUser("clerk");
            clerk.setPassword(OPERATOR_PASSWORD);
            identity.saveUser(clerk);
        }
        assertThat(get("/admin/whoami", null).statusCode()).isEqualTo(401);
        // A wrong password locks that login for seconds (engine throttling): probe with a user that does not exist.
        assertThat(get("/admin/whoami", "nobody:" + OPERATOR_PASSWORD).statusCode())
                .isEqualTo(401);
        assertThat(get("/admin/whoami", "clerk:" + OPERATOR_PASSWORD).statusCode())
                .isEqualTo(403);
        assertThat(get("/admin/whoami", ops()).statusCode()).isEqualTo(200);
    }
}
