package io.autobiz.kernel.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Unit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Unit
class CanonicalJsonTest {

    @Test
    @DisplayName("P1-H07 RFC 8785 §3.2.2 sample: key order, number forms and string escapes are canonical")
    void rfcSample() {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";

        assertThat(CanonicalJson.canonicalize(Json.parse(input)))
                .isEqualTo("{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @ParameterizedTest(name = "P1-H07 RFC 8785 number serialisation: {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 | 0",
                "-0.0 | 0",
                "1.0 | 1",
                "100 | 100",
                "1e21 | 1e+21",
                "1e20 | 100000000000000000000",
                "0.000001 | 0.000001",
                "0.0000001 | 1e-7",
                "9007199254740993 | 9007199254740992",
                "-1.5e-7 | -1.5e-7"
            })
    void numbers(String input, String canonical) {
        assertThat(CanonicalJson.canonicalize("[" + input + "]")).isEqualTo("[" + canonical + "]");
    }

    @Test
    @DisplayName("P1-H07 keys sort by UTF-16 code units, recursively; equal values hash equal")
    void keyOrderDoesNotMatter() {
        String a = "{\"b\":{\"z\":1,\"a\":[2,{\"y\":true,\"x\":null}]},\"a\":\"\u00e9\",\"A\":\"\ud83d\ude00\"}";
        String b = "{\"a\":\"\u00e9\",\"A\":\"\ud83d\ude00\",\"b\":{\"a\":[2,{\"x\":null,\"y\":true}],\"z\":1.0}}";

        assertThat(CanonicalJson.canonicalize(a))
                .isEqualTo(
                        "{\"A\":\"\ud83d\ude00\",\"a\":\"\u00e9\",\"b\":{\"a\":[2,{\"x\":null,\"y\":true}],\"z\":1}}");
        assertThat(CanonicalJson.sha256Hex(Json.parse(a))).isEqualTo(CanonicalJson.sha256Hex(Json.parse(b)));
    }
}
