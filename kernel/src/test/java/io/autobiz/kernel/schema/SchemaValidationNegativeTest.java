package io.autobiz.kernel.schema;

import static io.autobiz.kernel.Fixtures.ACME_CONFIG;
import static io.autobiz.kernel.Fixtures.aRun;
import static io.autobiz.kernel.Fixtures.configFor;
import static io.autobiz.kernel.Fixtures.input;
import static io.autobiz.kernel.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.autobiz.kernel.ErrorCode;
import io.autobiz.kernel.Fixtures;
import io.autobiz.kernel.Fixtures.CountingTool;
import io.autobiz.kernel.KernelError;
import io.autobiz.kernel.KernelExecutor;
import io.autobiz.kernel.ToolCall;
import io.autobiz.kernel.hitl.InMemoryApprovalRequests;
import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.tool.SideEffect;
import io.autobiz.kernel.tool.ToolContract;
import io.autobiz.kernel.tool.ToolRef;
import io.autobiz.kernel.tool.ToolRegistry;
import io.autobiz.testing.stage.Unit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * INV-01 negatives: each kind of invalid input is refused with SCHEMA_INVALID naming the offending pointer, and the
 * tool never runs.
 */
@Unit
class SchemaValidationNegativeTest {

    private static final ToolContract LOOKUP = ToolContract.builder("test.lookup", 1)
            .input(json("""
                    {"type":"object","additionalProperties":false,"required":["orderId","items"],
                     "properties":{
                       "orderId":{"type":"string","pattern":"^ord_[0-9]+$","maxLength":20},
                       "channel":{"type":"string","enum":["web","pos"]},
                       "limit":{"type":"integer","minimum":1,"maximum":50},
                       "email":{"type":"string","format":"email"},
                       "items":{"type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,
                         "required":["sku"],"properties":{"sku":{"type":"string","minLength":1}}}},
                       "address":{"type":"object","additionalProperties":false,
                         "properties":{"city":{"type":"string"}}}}}"""))
            .output(json("{\"type\":\"object\",\"additionalProperties\":false}"))
            .sideEffect(SideEffect.READ)
            .scope("orders:read")
            .timeout(Duration.ofSeconds(1))
            .build();

    @ParameterizedTest(name = "P1-T01-NEG-{0} is refused at {2} before the tool runs")
    @CsvSource(
            delimiter = '|',
            value = {
                "missing-required | {\"items\":[{\"sku\":\"a\"}]}                                     | (document) (required)",
                "wrong-type       | {\"orderId\":42,\"items\":[{\"sku\":\"a\"}]}                      | /orderId (type)",
                "pattern          | {\"orderId\":\"x-1\",\"items\":[{\"sku\":\"a\"}]}                 | /orderId (pattern)",
                "too-long         | {\"orderId\":\"ord_123456789012345678\",\"items\":[{\"sku\":\"a\"}]} | /orderId (maxLength)",
                "enum             | {\"orderId\":\"ord_1\",\"channel\":\"fax\",\"items\":[{\"sku\":\"a\"}]} | /channel (enum)",
                "out-of-range     | {\"orderId\":\"ord_1\",\"limit\":500,\"items\":[{\"sku\":\"a\"}]}  | /limit (maximum)",
                "format           | {\"orderId\":\"ord_1\",\"email\":\"not-mail\",\"items\":[{\"sku\":\"a\"}]} | /email (format)",
                "empty-array      | {\"orderId\":\"ord_1\",\"items\":[]}                              | /items (minItems)",
                "array-item       | {\"orderId\":\"ord_1\",\"items\":[{\"sku\":\"\"}]}                | /items/0/sku (minLength)",
                "unknown-nested   | {\"orderId\":\"ord_1\",\"items\":[{\"sku\":\"a\"}],\"address\":{\"zip\":\"1\"}} | /address/zip (additionalProperties)",
                "null-value       | {\"orderId\":null,\"items\":[{\"sku\":\"a\"}]}                    | /orderId (type)"
            })
    void refused(String name, String badInput, String where) {
        CountingTool tool = new CountingTool(LOOKUP, inv -> Json.object());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InMemoryApprovalRequests approvalStore = new InMemoryApprovalRequests();
        KernelExecutor kernel = Fixtures.aKernel(
                        new ToolRegistry(List.of(tool), new SchemaValidator()),
                        configFor("acme", ACME_CONFIG),
                        meters,
                        Clock.systemUTC())
                .approvalRequests(approvalStore)
                .build();

        assertThatThrownBy(
                        () -> kernel.execute(aRun("acme"), new ToolCall(ToolRef.parse("test.lookup"), input(badInput))))
                .asInstanceOf(type(KernelError.class))
                .satisfies(error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.SCHEMA_INVALID);
                    assertThat(error.getMessage()).contains(where);
                });
        assertThat(tool.invocations).as("the tool never ran").hasValue(0);
        assertThat(meters.find("tool_validation_seconds").timer()).isNotNull();
    }
}
