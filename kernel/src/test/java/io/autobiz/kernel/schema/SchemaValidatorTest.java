package io.autobiz.kernel.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.autobiz.kernel.json.Json;
import io.autobiz.testing.stage.Unit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class SchemaValidatorTest {

    private final SchemaValidator validator = new SchemaValidator();

    @Test
    @DisplayName("P1-T01-NEG-remote-ref a schema that refers outside itself does not compile, so nothing is fetched")
    void remoteReferencesDoNotCompile() {
        assertThatThrownBy(() -> validator.compile(
                        "remote",
                        Json.parse("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"http://127.0.0.1:9/s\"}}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only local references");
    }

    @Test
    @DisplayName("P1-T01 local references resolve within the schema")
    void localReferencesResolve() {
        CompiledSchema schema = validator.compile("local", Json.parse("""
                {"type":"object","additionalProperties":false,
                 "definitions":{"amount":{"type":"integer","minimum":1}},
                 "properties":{"amount":{"$ref":"#/definitions/amount"}}}"""));

        assertThat(schema.validate(Json.parse("{\"amount\":5}"))).isEmpty();
        assertThat(schema.validate(Json.parse("{\"amount\":0}")))
                .extracting(SchemaViolation::pointer, SchemaViolation::keyword)
                .containsExactly(tuple("/amount", "minimum"));
    }

    @Test
    @DisplayName("P1-T02 violations name RFC 6901 pointers (escaped keys, array indexes), in pointer order")
    void pointersAreEscapedAndOrdered() {
        CompiledSchema schema = validator.compile("pointers", Json.parse("""
                {"type":"object","additionalProperties":false,
                 "properties":{"lines":{"type":"array","items":{"type":"integer"}},"z":{"type":"string"}}}"""));

        assertThat(schema.validate(Json.parse("{\"z\":1,\"lines\":[1,\"two\"],\"a/b~c\":true}")))
                .extracting(SchemaViolation::pointer, SchemaViolation::keyword)
                .containsExactly(
                        tuple("/a~1b~0c", "additionalProperties"), tuple("/lines/1", "type"), tuple("/z", "type"));
    }

    @Test
    @DisplayName("P1-T04-NEG-message-quotes-no-value INV-04 a schema violation's message does not repeat the offending"
            + " value: a card number given as input stays out of the error (and so of logs and traces)")
    void messagesDoNotQuoteValues() {
        CompiledSchema schema = validator.compile(
                "quiet",
                Json.parse("{\"type\":\"object\",\"properties\":{\"card\":{\"type\":\"string\",\"maxLength\":4,"
                        + "\"pattern\":\"^[0-9]+$\",\"format\":\"email\"}}}"));

        assertThat(schema.validate(Json.parse("{\"card\":\"4242-4242-4242-4242\"}")))
                .isNotEmpty()
                .allSatisfy(violation -> assertThat(violation.message()).doesNotContain("4242"));
    }
}
