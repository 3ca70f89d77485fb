package io.autobiz.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autobiz.kernel.Fixtures;
import io.autobiz.testing.stage.Unit;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Unit
class BusinessConfigParserTest {

    private final BusinessConfigParser parser = new BusinessConfigParser();

    private static BusinessConfigParser.ConfigSyntaxException syntaxError(Runnable parse) {
        try {
            parse.run();
        } catch (BusinessConfigParser.ConfigSyntaxException e) {
            return e;
        }
        throw new AssertionError("parsed");
    }

    @Test
    @DisplayName("P1-T29 a complete config parses, durations as ISO-8601, and its hash is of its exact text")
    void parses() {
        BusinessConfigParser.Parsed parsed = parser.parse(Fixtures.ACME_CONFIG);

        assertThat(parsed.config().tenant()).isEqualTo("acme");
        assertThat(parsed.config().bounds().maxTime()).isEqualTo(Duration.ofHours(1));
        assertThat(parsed.config().hitl()).singleElement().satisfies(rule -> {
            assertThat(rule.action()).isEqualTo(BusinessConfig.HitlAction.REQUIRE_APPROVAL);
            assertThat(rule.timeout()).isEqualTo(Duration.ofHours(4));
        });
        assertThat(parsed.sha256())
                .hasSize(64)
                .isEqualTo(parser.parse(Fixtures.ACME_CONFIG).sha256());
        assertThat(parser.parse(Fixtures.ACME_CONFIG + "\n# edited\n").sha256()).isNotEqualTo(parsed.sha256());
    }

    @Test
    @DisplayName("P1-T29 a misspelt key is refused, naming where and which keys exist (no silent 'no bound')")
    void unknownKey() {
        var error = syntaxError(() -> parser.parse(Fixtures.ACME_CONFIG.replace("maxSteps", "maxStep")));

        assertThat(error.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.code()).isEqualTo("CONFIG_SYNTAX");
            assertThat(violation.where()).isEqualTo("bounds.maxStep");
            assertThat(violation.message()).contains("maxSteps");
        });
    }

    @Test
    @DisplayName("P1-T29 a duplicated key, a bad duration, an unknown action and an empty document are refused")
    void malformed() {
        assertThat(syntaxError(() -> parser.parse("tenant: a\ntenant: b\n"))
                        .violations()
                        .get(0)
                        .code())
                .isEqualTo("CONFIG_SYNTAX");
        assertThat(syntaxError(() -> parser.parse(Fixtures.ACME_CONFIG.replace("PT1H", "one hour")))
                        .violations()
                        .get(0)
                        .where())
                .isEqualTo("bounds.maxTime");
        assertThat(syntaxError(() -> parser.parse(Fixtures.ACME_CONFIG.replace("REQUIRE_APPROVAL", "MAYBE")))
                        .violations()
                        .get(0)
                        .where())
                .isEqualTo("hitl[0].action");
        assertThatThrownBy(() -> parser.parse("  ")).isInstanceOf(BusinessConfigParser.ConfigSyntaxException.class);
        assertThatThrownBy(() -> parser.parse("tools: [unclosed"))
                .isInstanceOf(BusinessConfigParser.ConfigSyntaxException.class);
    }
}
