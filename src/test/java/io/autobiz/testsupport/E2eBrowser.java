package io.autobiz.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium driven by {@code playwright-core} from {@code .ci/node_modules}, for the browser tests: a script
 * under {@code .ci/e2e} run with Node. Where a developer has no browser set up the test is skipped with the reason;
 * where CI promised one ({@code AUTOBIZ_E2E_REQUIRED=true}, set by {@code .ci/run}) a missing piece is a failure.
 */
public final class E2eBrowser {

    public static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

    /** What a script printed, and whether it succeeded. */
    public record Outcome(boolean finished, int exitValue, String output) {}

    private E2eBrowser() {}

    public static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add("Chromium at " + CHROMIUM + " (apt-get install chromium, or set CHROMIUM_PATH)");
        }
        if (!Files.isDirectory(ROOT.resolve(".ci/node_modules/playwright-core"))) {
            missing.add("playwright-core (cd .ci && npm ci)");
        }
        if (!nodeRuns()) {
            missing.add("Node.js (node on the PATH)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "the browser test needs " + String.join(", ", missing);
        if (Boolean.parseBoolean(System.getenv("AUTOBIZ_E2E_REQUIRED"))) {
            throw new AssertionError(reason);
        }
        Assumptions.abort(reason);
    }

    /** Runs {@code .ci/e2e/{script}} with these arguments and {@code --chromium}, for at most three minutes. */
    public static Outcome run(String script, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("node", ROOT.resolve(".ci/e2e").resolve(script).toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--chromium", CHROMIUM.toString()));
        Process browser = new ProcessBuilder(command)
                .directory(ROOT.resolve(".ci").toFile())
                .redirectErrorStream(true)
                .start();
        boolean finished = browser.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            browser.destroyForcibly();
        }
        String output = new String(browser.getInputStream().readAllBytes());
        return new Outcome(finished, finished ? browser.exitValue() : -1, output);
    }

    private static boolean nodeRuns() {
        try {
            Process node = new ProcessBuilder("node", "--version").start();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
