package io.autobiz.kernel.tenant;

import static io.autobiz.kernel.Fixtures.aRun;
import static io.autobiz.kernel.Fixtures.input;
import static io.autobiz.kernel.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.fasterxml.jackson.databind.JsonNode;
import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.testing.stage.Unit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class TenantInputGuardTest {

    /** An approval-like input: a declared entity field, a nested list of them, a $ref'd one and free text. */
    private static final JsonNode SCHEMA = json("""
            {"type":"object","additionalProperties":false,
             "definitions":{"ref":{"type":"string","format":"entity-id"}},
             "properties":{
               "order":{"type":"string","format":"entity-id"},
               "related":{"type":"array","items":{"type":"object","additionalProperties":false,
                          "properties":{"entity":{"$ref":"#/definitions/ref"}}}},
               "byKind":{"type":"object","additionalProperties":{"type":"string","format":"entity-id"}},
               "either":{"anyOf":[{"type":"integer"},{"type":"string","format":"entity-id"}]},
               "note":{"type":"string"}}}""");

    private final List<SecurityIncident> incidents = new CopyOnWriteArrayList<>();
    private final TenantInputGuard guard = new TenantInputGuard(incidents::add);

    @Test
    @DisplayName("P1-T34 declared entity IDs of the run's own store pass, and free text that looks like one is ignored")
    void ownEntitiesAndFreeTextPass() {
        assertThatCode(() -> guard.check(aRun("acme"), "test.tool@1", SCHEMA, input("""
                        {"order":"acme:order:1","related":[{"entity":"acme:refund:9"}],
                         "byKind":{"x":"acme:task:7"},"either":"acme:order:2",
                         "note":"globex:order:1 is what the customer typed"}""")))
                .doesNotThrowAnyException();
        assertThat(incidents).isEmpty();
    }

    @Test
    @DisplayName("P1-T34 P1-T-RK06c another store's ID in a declared field is refused with CROSS_TENANT and recorded")
    void foreignEntityIsRefusedAndRecorded() {
        assertThatThrownBy(() -> guard.check(
                        aRun("acme"),
                        "test.tool@1",
                        SCHEMA,
                        input("{\"order\":\"acme:order:1\",\"related\":[{\"entity\":\"globex:refund:9\"}]}")))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CROSS_TENANT);
                    assertThat(error.retryable()).isFalse();
                    assertThat(error.getMessage()).contains("/related/0/entity").doesNotContain("globex:refund:9");
                });
        assertThat(incidents).singleElement().satisfies(incident -> {
            assertThat(incident.channel()).isEqualTo(SecurityIncident.Channel.KERNEL_INPUT);
            assertThat(incident.tenant()).isEqualTo(TenantId.of("acme"));
            assertThat(incident.target()).isEqualTo(TenantId.of("globex"));
            assertThat(incident.principal()).isEqualTo("workflow:test");
            assertThat(incident.correlationId()).isEqualTo("corr-1");
            assertThat(incident.attempted()).contains("/related/0/entity", "refund");
        });
    }

    @Test
    @DisplayName("P1-T34 entity fields are found through additionalProperties and anyOf too")
    void walksEveryWayASchemaCanDeclareAField() {
        assertThatThrownBy(() -> guard.check(aRun("acme"), "t@1", SCHEMA, input("{\"byKind\":{\"k\":\"globex:a:1\"}}")))
                .hasMessageContaining("/byKind/k");
        assertThatThrownBy(() -> guard.check(aRun("acme"), "t@1", SCHEMA, input("{\"either\":\"globex:a:1\"}")))
                .hasMessageContaining("/either");
        assertThat(incidents).hasSize(2);
    }

    @Test
    @DisplayName("P1-T34 the schema validator knows the entity-id format: a malformed ID is SCHEMA_INVALID at step 2")
    void malformedEntityIdIsASchemaViolation() {
        var schema = new SchemaValidator().compile("test", SCHEMA);

        assertThat(schema.validate(input("{\"order\":\"acme:order:1\"}"))).isEmpty();
        assertThat(schema.validate(input("{\"order\":\"gid://shopify/Order/1\"}")))
                .singleElement()
                .satisfies(violation -> {
                    assertThat(violation.pointer()).isEqualTo("/order");
                    assertThat(violation.keyword()).isEqualTo("format");
                });
    }
}
