package io.autobiz.businessconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.autobiz.testing.stage.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line compile check CI runs over the shipped configs and diagrams. */
@Unit
class ConfigCheckTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private int check(String... args) {
        return ConfigCheck.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("P1-T28 the shipped demo config passes every compile check against the shipped diagrams")
    void shippedConfigsPass() {
        int status = check(
                "--config", ROOT.resolve("src/main/resources/business-config").toString(),
                "--processes", ROOT.resolve("processes").toString());

        assertThat(output()).contains("OK", "demo-store.yml").doesNotContain("FAIL");
        assertThat(status).isZero();
    }

    @Test
    @DisplayName("P1-T29 P1-T30 an invalid config fails the check with every violation printed and exit status 1")
    void invalidConfigFails(@TempDir Path dir) throws IOException {
        String demo = Files.readString(ROOT.resolve("src/main/resources/business-config/demo-store.yml"));
        Path broken = Files.writeString(
                dir.resolve("broken.yml"),
                demo.replace("  maxSteps: 40\n", "")
                        .replace("[orders:read, payments:capture,", "[orders:read,")
                        .replace("  - sendgrid.mail.send\n", "  - sendgrid.mail.send\n  - stripe.refund.everything\n"));

        int status = check(
                "--config",
                broken.toString(),
                "--processes",
                ROOT.resolve("processes").toString());

        assertThat(status).isEqualTo(1);
        assertThat(output()).contains("FAIL", "CC-01", "stripe.refund.everything", "CC-02 bounds.maxSteps", "CC-03");
    }

    @Test
    @DisplayName("P1-T28 a usage error exits 2 and says how to call the check")
    void usage() {
        assertThat(check("--nonsense")).isEqualTo(2);
        assertThat(output()).contains("usage");
    }
}
