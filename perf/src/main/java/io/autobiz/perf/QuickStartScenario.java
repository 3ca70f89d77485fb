package io.autobiz.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P5 (issue 19): the quick start from the packaged jar in a fresh working directory (so H2 migrates from nothing):
 * seconds until {@code /actuator/health} answers UP, then the resident set size once the demo traffic it sends itself
 * has been sent (its log says {@code demo traffic: done}) and the workflows it started have had {@code perf.settle}
 * seconds (30) to run; every demo request must have been accepted. Targets: healthy within 30 s, RSS below 1 GiB.
 *
 * <p>Settings ({@code -D}): {@code perf.port} (18192), {@code perf.settle}, {@code perf.jvmArgs}, {@code perf.jar}.
 */
public final class QuickStartScenario {

    private QuickStartScenario() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("perf.port", 18192);
        int settleSeconds = Integer.getInteger("perf.settle", 30);
        String commit = Commit.head();
        String loadBefore = MachineLoad.now();
        Path workingDirectory = Files.createTempDirectory("autobiz-perf-quickstart-");
        double healthy;
        double rssHealthy;
        double rssAfterTraffic;
        double trafficSeconds;
        try (AppNode node = AppNode.startQuickStart(port, workingDirectory, IngressScenario.jvmOptions())) {
            healthy = node.secondsToHealthy();
            rssHealthy = node.rssMebibytes();
            long waiting = System.nanoTime();
            waitForLogLine(node, "demo traffic: done", Duration.ofMinutes(5));
            trafficSeconds = (System.nanoTime() - waiting) / 1e9;
            String log = Files.readString(node.log());
            Matcher sending =
                    Pattern.compile("demo traffic: sending (\\d+) requests").matcher(log);
            long accepted = log.lines()
                    .filter(line -> line.contains("demo traffic: ") && line.endsWith(" accepted"))
                    .count();
            if (!sending.find() || Integer.parseInt(sending.group(1)) != accepted) {
                throw new IllegalStateException(
                        "not every demo request was accepted (" + accepted + " were): " + node.log());
            }
            Thread.sleep(Duration.ofSeconds(settleSeconds).toMillis());
            rssAfterTraffic = node.rssMebibytes();
        }
        String loadAfter = MachineLoad.now();
        System.out.printf(
                "%nPERF P5 quick start (issue 19), commit %s%n"
                        + "  healthy after %.1f s (target < 30 s: %s)%n"
                        + "  RSS when healthy %.0f MiB; after the demo traffic (sent within %.1f s of healthy) and %d s"
                        + " of its workflows %.0f MiB (target < 1024 MiB: %s)%n"
                        + "  machine: before %s; after %s%n",
                commit,
                healthy,
                healthy < 30 ? "met" : String.format("missed by %.1f s", healthy - 30),
                rssHealthy,
                trafficSeconds,
                settleSeconds,
                rssAfterTraffic,
                rssAfterTraffic < 1024 ? "met" : String.format("missed by %.0f MiB", rssAfterTraffic - 1024),
                loadBefore,
                loadAfter);
        System.exit(0);
    }

    private static void waitForLogLine(AppNode node, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(node.log()).contains(line)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no '" + line + "' in the node's log within " + timeout + ": " + node.log());
    }
}
