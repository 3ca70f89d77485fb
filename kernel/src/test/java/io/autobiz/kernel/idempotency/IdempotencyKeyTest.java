package io.autobiz.kernel.idempotency;

import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.input;
import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.crypto.Digests;
import io.autobiz.kernel.tenant.TenantId;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.testing.stage.Unit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class IdempotencyKeyTest {

    private static final TenantId ACME = TenantId.of("acme");
    private final ToolContract capture = aCaptureContract().build();

    private static ToolContract captureWith(int version, String... intent) {
        ToolContract base = aCaptureContract().build();
        return ToolContract.builder("test.payment.capture", version)
                .input(base.inputSchema())
                .output(base.outputSchema())
                .sideEffect(base.sideEffect())
                .scope(base.scope())
                .intent(intent)
                .build();
    }

    @Test
    @DisplayName(
            "P1-H07 the key is deterministic: SHA-256 over RFC 8785 JSON of tenant, tool@version and intent fields")
    void keyIsDeterministicOverCanonicalJson() {
        IdempotencyKey a = IdempotencyKey.of(ACME, capture, input("{\"paymentId\":\"pi_1\",\"amount\":2500}"));
        IdempotencyKey b = IdempotencyKey.of(ACME, capture, input("{ \"amount\" : 2.5e3, \"paymentId\":\"pi_1\" }"));

        assertThat(a.internal())
                .isEqualTo(b.internal())
                .isEqualTo(Digests.sha256Hex("{\"intent\":{\"amount\":2500,\"paymentId\":\"pi_1\"},"
                        + "\"tenant\":\"acme\",\"tool\":\"test.payment.capture@1\"}"))
                .matches("[0-9a-f]{64}");
    }

    @Test
    @DisplayName("P1-H07 the key changes with the tenant, the tool version and each intent field")
    void keyNamesTenantToolAndIntent() {
        String args = "{\"paymentId\":\"pi_1\",\"amount\":1}";
        IdempotencyKey base = IdempotencyKey.of(ACME, capture, input(args));

        assertThat(IdempotencyKey.of(TenantId.of("globex"), capture, input(args))
                        .internal())
                .isNotEqualTo(base.internal());
        assertThat(IdempotencyKey.of(ACME, captureWith(2, "paymentId", "amount"), input(args))
                        .internal())
                .isNotEqualTo(base.internal());
        assertThat(IdempotencyKey.of(ACME, capture, input("{\"paymentId\":\"pi_2\",\"amount\":1}"))
                        .internal())
                .isNotEqualTo(base.internal());
    }

    @Test
    @DisplayName("P1-H08 the external key is autobiz: plus the first 32 hex digits of SHA-256 of the internal key")
    void externalKeyIsFixedLengthAndProviderSafe() {
        IdempotencyKey key = IdempotencyKey.of(ACME, capture, input("{\"paymentId\":\"pi_1\",\"amount\":1}"));

        assertThat(key.external())
                .isEqualTo("autobiz:" + Digests.sha256Hex(key.internal()).substring(0, 32))
                .matches("autobiz:[0-9a-f]{32}")
                .hasSize(40)
                .doesNotContain("acme");
    }

    @Test
    @DisplayName("P1-T05-NEG-args-hash fields outside the intent change the arguments hash, not the key")
    void nonIntentFieldsChangeOnlyTheArgumentsHash() {
        ToolContract byPayment = captureWith(1, "paymentId");
        IdempotencyKey one = IdempotencyKey.of(ACME, byPayment, input("{\"paymentId\":\"pi_1\",\"amount\":1}"));
        IdempotencyKey two = IdempotencyKey.of(ACME, byPayment, input("{\"paymentId\":\"pi_1\",\"amount\":2}"));

        assertThat(two.internal()).isEqualTo(one.internal());
        assertThat(two.argumentsSha256()).isNotEqualTo(one.argumentsSha256());
    }
}
