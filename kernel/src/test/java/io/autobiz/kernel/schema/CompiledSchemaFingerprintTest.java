package io.autobiz.kernel.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.kernel.json.Json;
import io.autobiz.kernel.json.JsonFingerprint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompiledSchemaFingerprintTest {

    private final CompiledSchema anything =
            new SchemaValidator().compile("anything", Json.parse("{\"type\":[\"object\",\"array\",\"string\"]}"));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[]",
                "{\"a\":1,\"b\":[1,2.5,\"x\",true,null,{\"c\":{}}]}",
                "{\"orderId\":\"gid://shopify/Order/1\",\"items\":[{\"sku\":\"A\",\"quantity\":2},{\"sku\":\"B\"}]}",
                "[[],[[]],{\"k\":false}]",
                "\"text\""
            })
    @DisplayName("P1-T08 the fingerprint computed while validating equals the loop detector's own, valid or not")
    void fusedFingerprintIsTheSame(String json) {
        var document = Json.parse(json);

        assertThat(anything.check(document).fingerprint()).isEqualTo(JsonFingerprint.of(document));
    }
}
