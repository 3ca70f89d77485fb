package io.autobiz.modeler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.autobiz.businessconfig.ConfigCheck;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.testing.stage.Hygiene;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Hygiene
class ElementTemplatesTest {

    /** The repository root: tests run in the {@code src} module's folder. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    @DisplayName("P1-TASK-16 the committed Modeler element templates are those of this build's tool contracts"
            + " (regenerate with ElementTemplatesExport when a contract changes)")
    void committedTemplatesAreCurrent() throws Exception {
        Path committed = ROOT.resolve(ElementTemplatesExport.DEFAULT_FILE);

        assertThat(committed).exists();
        assertThat(Files.readString(committed)).isEqualTo(ElementTemplatesExport.render());
    }

    @Test
    @DisplayName("P1-TASK-16 a tool's template binds the kernel-wrapped delegate, names the tool, makes a side effect"
            + " asyncBefore and offers the input schema's fields typed (required, enum)")
    void toolTemplateFollowsTheContract() {
        ToolContract refund = ToolContract.builder("demo.money.refund", 2)
                .description("refund a payment")
                .input(Json.parse("""
                        {"type":"object","additionalProperties":false,"required":["paymentId","amount"],
                         "properties":{"paymentId":{"type":"string","description":"the payment to refund"},
                                       "amount":{"type":"integer"},
                                       "reason":{"type":"string","enum":["duplicate","requested_by_customer"]}}}"""))
                .output(Json.parse("{\"type\":\"object\",\"additionalProperties\":false}"))
                .sideEffect(SideEffect.FINANCIAL)
                .money("amount")
                .scope("payments:refund")
                .timeout(Duration.ofSeconds(5))
                .intent("paymentId", "amount")
                .dependency("stripe")
                .build();

        ArrayNode templates = ElementTemplates.of(List.of(refund));

        assertThat(templates).hasSize(2);
        JsonNode tool = templates.get(0);
        assertThat(tool.get("id").asText()).isEqualTo("io.autobiz.tool.demo.money.refund");
        assertThat(tool.get("name").asText()).isEqualTo("demo: money refund");
        assertThat(tool.get("version").asInt()).isEqualTo(2);
        assertThat(valueBoundTo(tool, "property", "camunda:delegateExpression")).isEqualTo("${toolTask}");
        assertThat(valueBoundTo(tool, "camunda:field", "tool")).isEqualTo("demo.money.refund@2");
        assertThat(valueBoundTo(tool, "property", "camunda:asyncBefore")).isEqualTo("true");
        JsonNode paymentId = propertyBoundTo(tool, "camunda:inputParameter", "paymentId");
        assertThat(paymentId.path("constraints").path("notEmpty").asBoolean()).isTrue();
        assertThat(paymentId.get("description").asText()).isEqualTo("the payment to refund");
        assertThat(paymentId.get("value").asText()).isEqualTo("${paymentId}");
        JsonNode reason = propertyBoundTo(tool, "camunda:inputParameter", "reason");
        assertThat(reason.get("type").asText()).isEqualTo("Dropdown");
        assertThat(reason.has("constraints")).as("optional").isFalse();
        assertThat(reason.get("choices")).hasSize(2);

        JsonNode approval = templates.get(1);
        assertThat(approval.get("id").asText()).isEqualTo("io.autobiz.approval.demo.money.refund");
        assertThat(valueBoundTo(approval, "property", "camunda:delegateExpression"))
                .isEqualTo("${approvalRequest}");
        assertThat(propertyBoundTo(approval, "camunda:inputParameter", "amount"))
                .isNotNull();
    }

    @Test
    @DisplayName("P1-TASK-16 every tool of this build has a template; READ tools are not made asynchronous")
    void everyToolHasATemplate() {
        List<ToolContract> catalog = ConfigCheck.toolCatalog();
        ArrayNode templates = ElementTemplates.of(catalog);

        for (ToolContract contract : catalog) {
            JsonNode template = StreamSupport.stream(templates.spliterator(), false)
                    .filter(t -> t.get("id")
                            .asText()
                            .equals("io.autobiz.tool." + contract.id().name()))
                    .findFirst()
                    .orElseThrow();
            boolean async = StreamSupport.stream(template.get("properties").spliterator(), false)
                    .anyMatch(p -> p.path("binding").path("name").asText().equals("camunda:asyncBefore"));
            assertThat(async).as(contract.id().toString()).isEqualTo(contract.sideEffect() != SideEffect.READ);
        }
    }

    private static String valueBoundTo(JsonNode template, String type, String name) {
        return propertyBoundTo(template, type, name).get("value").asText();
    }

    private static JsonNode propertyBoundTo(JsonNode template, String type, String name) {
        return StreamSupport.stream(template.get("properties").spliterator(), false)
                .filter(p -> p.path("binding").path("type").asText().equals(type)
                        && p.path("binding").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no property bound to " + type + " " + name));
    }
}
