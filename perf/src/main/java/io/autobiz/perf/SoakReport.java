package io.autobiz.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code target/soak/report.json} (for the exit-criteria generator) and {@code report.md} (for people). */
final class SoakReport {

    private SoakReport() {}

    /**
     * The lower bound of the Wilson score interval at 95 % (z = 1.96) for {@code successes} of {@code trials}; 0 for no
     * trials.
     */
    static double wilsonLower95(long successes, long trials) {
        if (trials <= 0) {
            return 0;
        }
        double z = 1.959963984540054;
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = p + z2 / (2 * n);
        double margin = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (centre - margin) / (1 + z2 / n);
    }

    static Path write(Map<String, Object> report) {
        Path folder = Path.of(System.getProperty(
                "soak.report.dir",
                AppNode.repositoryRoot().resolve("target/soak").toString()));
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("report.json"), SoakJson.pretty(report) + "\n");
            Files.writeString(folder.resolve("report.md"), markdown(report));
        } catch (IOException e) {
            System.err.println("soak: cannot write the report to " + folder + ": " + e);
            System.out.println(SoakJson.pretty(report));
        }
        return folder;
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("# Soak report\n\n");
        md.append("**")
                .append(Boolean.TRUE.equals(r.get("passed")) ? "PASSED" : "NOT PASSED")
                .append("** · ")
                .append(r.get("events"))
                .append(" events · commit `")
                .append(r.get("commit"))
                .append("` · finished ")
                .append(r.get("finishedAt"))
                .append("\n\n");
        md.append("Command: `").append(r.get("command")).append("`\n\n");
        if (r.get("machine") instanceof Map<?, ?> machine) {
            md.append("Machine: before ")
                    .append(machine.get("before"))
                    .append("; after ")
                    .append(machine.get("after"))
                    .append("\n\n");
        }
        if (r.get("harnessError") != null) {
            md.append("Harness error: `").append(r.get("harnessError")).append("`\n\n");
        }
        section(md, "Settings", r.get("settings"));
        section(md, "Sending", r.get("sending"));
        table(md, "Events sent by kind", (Map<String, Object>) r.get("eventsByKind"));
        table(md, "Refused by kind", (Map<String, Object>) r.get("refusedByKind"));
        table(md, "Sent again because a node was down or answered 5xx", (Map<String, Object>)
                r.get("resentAfterNodeDown"));
        if (r.get("latencies") instanceof Map<?, ?> latencies) {
            md.append("## Latencies\n\n| measure | n | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
            latencies.forEach((name, value) -> {
                Map<String, Object> l = (Map<String, Object>) value;
                md.append("| ")
                        .append(l.get("what"))
                        .append(" | ")
                        .append(l.get("n"))
                        .append(" | ")
                        .append(l.get("p50Ms"))
                        .append(" | ")
                        .append(l.get("p99Ms"))
                        .append(" | ")
                        .append(l.get("maxMs"))
                        .append(" |\n");
            });
            md.append('\n');
        }
        if (r.get("nodes") instanceof List<?> nodes) {
            md.append(
                    "## Nodes\n\n| node | starts | healthy after (s) | peak RSS MiB | CPU s |\n|---|---|---|---|---|\n");
            for (Object o : nodes) {
                Map<String, Object> n = (Map<String, Object>) o;
                md.append("| ")
                        .append(n.get("node"))
                        .append(" | ")
                        .append(n.get("starts"))
                        .append(" | ")
                        .append(n.get("secondsToHealthy"))
                        .append(" | ")
                        .append(n.get("peakRssMiB"))
                        .append(" | ")
                        .append(n.get("cpuSeconds"))
                        .append(" |\n");
            }
            md.append('\n');
        }
        section(md, "Faults injected", r.get("faults"));
        table(md, "Approvals decided by the scripted approver", (Map<String, Object>) r.get("approvals"));
        table(md, "Timers moved along through the engine API", (Map<String, Object>) r.get("timersMoved"));
        section(md, "Settling", r.get("settle"));
        if (r.get("outcomes") instanceof Map<?, ?> outcomes) {
            outcomes.forEach((name, value) -> table(md, "Outcome: " + name, (Map<String, Object>) value));
        }
        md.append("## Invariants\n\n");
        if (Boolean.FALSE.equals(r.get("invariantsRan"))) {
            md.append("**Not run**: ").append(r.get("invariantsNote")).append("\n\n");
        }
        if (r.get("invariants") instanceof List<?> invariants && !invariants.isEmpty()) {
            md.append("| id | passed | examined | offenders (first 5) |\n|---|---|---|---|\n");
            for (Object o : invariants) {
                Map<String, Object> i = (Map<String, Object>) o;
                List<Object> offenders = (List<Object>) i.getOrDefault("offenders", List.of());
                md.append("| ")
                        .append(i.get("id"))
                        .append(" | ")
                        .append(i.get("passed"))
                        .append(" | ")
                        .append(i.get("examined"))
                        .append(" | ")
                        .append(String.join(
                                "; ",
                                offenders.stream().limit(5).map(String::valueOf).toList()))
                        .append(" |\n");
            }
            md.append('\n');
        }
        md.append("## Workflows (")
                .append(r.getOrDefault("workflowsSource", ""))
                .append(")\n\n");
        md.append("| workflow | runs | succeeded | raw | Wilson lower 95 % |\n|---|---|---|---|---|\n");
        if (r.get("workflows") instanceof List<?> workflows) {
            for (Object o : workflows) {
                Map<String, Object> w = (Map<String, Object>) o;
                md.append("| ")
                        .append(w.get("workflow"))
                        .append(" | ")
                        .append(w.get("runs"))
                        .append(" | ")
                        .append(w.get("succeeded"))
                        .append(" | ")
                        .append(String.format(Locale.ROOT, "%.4f", ((Number) w.get("raw")).doubleValue()))
                        .append(" | ")
                        .append(String.format(Locale.ROOT, "%.4f", ((Number) w.get("wilsonLower95")).doubleValue()))
                        .append(" |\n");
            }
        }
        if (r.get("refusalSamples") instanceof List<?> samples && !samples.isEmpty()) {
            md.append("\n## Refusal samples\n\n");
            samples.forEach(s -> md.append("- `").append(s).append("`\n"));
        }
        return md.toString();
    }

    private static void section(StringBuilder md, String title, Object value) {
        md.append("## ")
                .append(title)
                .append("\n\n```json\n")
                .append(SoakJson.pretty(value))
                .append("\n```\n\n");
    }

    private static void table(StringBuilder md, String title, Map<String, Object> rows) {
        md.append("## ").append(title).append("\n\n");
        if (rows == null || rows.isEmpty()) {
            md.append("none\n\n");
            return;
        }
        md.append("| | count |\n|---|---|\n");
        rows.forEach((name, count) ->
                md.append("| ").append(name).append(" | ").append(count).append(" |\n"));
        md.append('\n');
    }
}
