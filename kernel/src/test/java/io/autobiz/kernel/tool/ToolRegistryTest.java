package io.autobiz.kernel.tool;

import static io.autobiz.kernel.Fixtures.aCaptureContract;
import static io.autobiz.kernel.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.Fixtures.CountingTool;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.schema.SchemaValidator;
import io.autobiz.testing.stage.Unit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class ToolRegistryTest {

    private static CountingTool toolWithInput(String inputSchema) {
        return new CountingTool(aCaptureContract().input(json(inputSchema)).build(), inv -> Json.object());
    }

    @Test
    @DisplayName("P1-T01-NEG-open-schema a contract whose input schema is not closed at the top is refused at start-up")
    void openTopLevelIsRefused() {
        CountingTool open = toolWithInput("{\"type\":\"object\",\"properties\":{\"paymentId\":{\"type\":\"string\"}}}");

        assertThatThrownBy(() -> new ToolRegistry(List.of(open), new SchemaValidator()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("test.payment.capture@1")
                .hasMessageContaining("additionalProperties")
                .hasMessageContaining("[/]");
    }

    @Test
    @DisplayName(
            "P1-T01-NEG-open-nested-schema a nested object or array item that is not closed is refused, by pointer")
    void openNestedLevelsAreRefused() {
        CountingTool open = toolWithInput("""
                {"type":"object","additionalProperties":false,"properties":{
                  "address":{"type":"object","properties":{"city":{"type":"string"}}},
                  "items":{"type":"array","items":{"type":"object","required":["sku"]}}}}""");

        assertThatThrownBy(() -> new ToolRegistry(List.of(open), new SchemaValidator()))
                .hasMessageContaining("/properties/address")
                .hasMessageContaining("/properties/items/items");
    }

    @Test
    @DisplayName("P1-T01-NEG-open-output-schema the output schema must be closed as well")
    void openOutputIsRefused() {
        CountingTool open = new CountingTool(
                aCaptureContract().output(json("{\"type\":\"object\"}")).build(), inv -> Json.object());

        assertThatThrownBy(() -> new ToolRegistry(List.of(open), new SchemaValidator()))
                .hasMessageContaining("output schema");
    }

    @Test
    @DisplayName("P1-T01 closed schemas register; tools resolve by name (newest) or exact version")
    void closedSchemasRegisterAndResolve() {
        CountingTool v1 = new CountingTool(aCaptureContract().build(), inv -> Json.object());
        CountingTool v2 = new CountingTool(
                ToolContractCopies.withVersion(aCaptureContract().build(), 2), inv -> Json.object());
        ToolRegistry registry = new ToolRegistry(List.of(v1, v2), new SchemaValidator());

        assertThat(registry.resolve(ToolRef.parse("test.payment.capture")).id()).hasToString("test.payment.capture@2");
        assertThat(registry.resolve(ToolRef.parse("test.payment.capture@1")).id())
                .hasToString("test.payment.capture@1");
        assertThat(registry.contracts()).hasSize(2);
    }

    @Test
    @DisplayName("P1-T01-NEG-duplicate the same tool and version registered twice stops the start-up")
    void duplicatesAreRefused() {
        CountingTool a = new CountingTool(aCaptureContract().build(), inv -> Json.object());
        CountingTool b = new CountingTool(aCaptureContract().build(), inv -> Json.object());

        assertThatThrownBy(() -> new ToolRegistry(List.of(a, b), new SchemaValidator()))
                .hasMessageContaining("registered twice");
    }

    @Test
    @DisplayName("P1-T01-NEG-financial-without-money a FINANCIAL contract must name the input field of its amount")
    void financialContractsNameTheirMoney() {
        assertThatThrownBy(() ->
                        aCaptureContract().sideEffect(SideEffect.FINANCIAL).build())
                .hasMessageContaining("money field");
        assertThat(aCaptureContract()
                        .sideEffect(SideEffect.FINANCIAL)
                        .money("amount")
                        .build()
                        .money())
                .contains("amount");
    }
}
