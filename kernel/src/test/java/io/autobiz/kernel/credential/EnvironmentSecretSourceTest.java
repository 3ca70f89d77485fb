package io.autobiz.kernel.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.testing.stage.Unit;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class EnvironmentSecretSourceTest {

    private static final Map<String, String> ENVIRONMENT = Map.of(
            "AUTOBIZ_SECRET__DEMO_STORE__STRIPE__API_KEY", "sk_test_fake_from_env",
            "AUTOBIZ_SECRET__GLOBEX__PRINTFUL__WEBHOOK_SECRET", "fake-globex-webhook-secret",
            "AUTOBIZ_SECRET__ACME__SENDGRID__API_KEY", "  ");

    private final EnvironmentSecretSource source = new EnvironmentSecretSource(ENVIRONMENT::get);

    @Test
    @DisplayName("P1-T32 the environment source reads AUTOBIZ_SECRET__<STORE>__<DEPENDENCY>__<KEY>, per store")
    void readsOneVariablePerStoreAndSecret() {
        assertThat(source.find(TenantId.of("demo-store"), "stripe.api_key")).contains("sk_test_fake_from_env");
        assertThat(source.find(TenantId.of("globex"), "printful.webhook_secret"))
                .contains("fake-globex-webhook-secret");
        assertThat(source.find(TenantId.of("globex"), "stripe.api_key")).isEmpty();
        assertThat(source.find(TenantId.of("acme"), "sendgrid.api_key"))
                .as("blank is absent")
                .isEmpty();
    }

    @Test
    @DisplayName("P1-T32 the variable names are one-to-one; a store ID that would blur them gets nothing")
    void mappingIsUnambiguous() {
        assertThat(EnvironmentSecretSource.variableFor(TenantId.of("demo-store"), "printful.webhook_secret"))
                .contains("AUTOBIZ_SECRET__DEMO_STORE__PRINTFUL__WEBHOOK_SECRET");
        assertThat(EnvironmentSecretSource.variableFor(TenantId.of("demo--store"), "stripe.api_key"))
                .isEmpty();
    }
}
