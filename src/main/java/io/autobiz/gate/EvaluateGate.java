package io.autobiz.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code evaluate_gate} from the command line, after {@code ./mvnw verify} (docs/golden-suite.md):
 *
 * <pre>
 * java -cp ... io.autobiz.gate.EvaluateGate [repository root]
 * </pre>
 *
 * <p>Reads {@code src/target/golden/results.jsonl} (the application module builds into {@code src/target}) and every
 * module's Surefire/Failsafe reports (hygiene tests told by their classes' stage tag, {@link TestClassTags}), keeps the config and diagram hashes the suite recorded (or hashes
 * {@code src/main/resources/business-config} and {@code processes} without them), writes
 * {@code src/target/golden/gate-evidence.json}
 * and exits 1 when the deploy is blocked (2 when there are no golden results at all).
 */
public final class EvaluateGate {

    private EvaluateGate() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path target = root.resolve("src/target");
        Path results = target.resolve("golden/results.jsonl");
        if (!Files.exists(results)) {
            System.err.println("no golden results at " + results + ": run the golden suite first (GoldenSuiteIT)");
            System.exit(2);
        }
        GateEvidence evidence = evaluate(root, GateEvidenceFiles.readResults(results), reportDirectories(root));
        Path out = target.resolve("golden/gate-evidence.json");
        GateEvidenceFiles.write(evidence, out);
        for (GateResult gate : evidence.gates()) {
            System.out.printf(
                    "%-20s n=%d k=%d raw=%.4f lcb95=%.4f threshold=%.2f %s%n",
                    gate.gate(),
                    gate.n(),
                    gate.k(),
                    gate.rawPassRate(),
                    gate.wilsonLowerBound(),
                    gate.threshold(),
                    gate.passed() ? "PASS" : "FAIL");
        }
        System.out.println("deploy_blocked=" + evidence.deployBlocked() + " evidence: " + out);
        System.exit(evidence.deployBlocked() ? 1 : 0);
    }

    /**
     * The evidence of a candidate in {@code root}: golden runs plus the tests of the given report directories. The
     * configs and diagrams are the ones the golden suite recorded as tested in the evidence it wrote (it hashes what
     * the application ran, {@link DeployedArtifacts}); without that file, the repository's shipped
     * {@code src/main/resources/business-config} and {@code processes}.
     */
    public static GateEvidence evaluate(Path root, List<CaseRun> goldenRuns, List<Path> reportDirectories) {
        Path suiteEvidence = root.resolve("src/target/golden/gate-evidence.json");
        if (Files.isRegularFile(suiteEvidence)) {
            GateEvidence tested = GateEvidenceFiles.read(suiteEvidence);
            return evaluate(
                    root,
                    goldenRuns,
                    reportDirectories,
                    new ArtifactHashes(tested.businessConfigHash(), tested.businessConfigFiles()),
                    new ArtifactHashes(tested.bpmnHash(), tested.bpmnFiles()));
        }
        return evaluate(
                root,
                goldenRuns,
                reportDirectories,
                ArtifactHashes.of(root.resolve("src/main/resources/business-config"), ".yml", ".yaml"),
                ArtifactHashes.of(root.resolve("processes"), ".bpmn"));
    }

    /** The evidence of golden runs and test reports for exactly these configs and diagrams. */
    public static GateEvidence evaluate(
            Path root,
            List<CaseRun> goldenRuns,
            List<Path> reportDirectories,
            ArtifactHashes businessConfigs,
            ArtifactHashes diagrams) {
        Map<Gate, Tally> tallies = new EnumMap<>(Gate.class);
        tallies.putAll(TestReports.tally(reportDirectories, TestClassTags.ofRepository(root)));
        tallies.putAll(GateEvaluator.tallyGolden(goldenRuns));
        return new GateEvaluator(Clock.systemUTC()).evaluate(tallies, commit(root), businessConfigs, diagrams);
    }

    /**
     * Every module's Surefire and Failsafe report folder that exists: the hygiene and P0 tests are in all modules
     * ({@code ArchitectureTest} in {@code src}, {@code LocalStackHealthIT} in {@code kernel}, {@code StageTagsTest} in
     * each), not only in the application's.
     */
    public static List<Path> reportDirectories(Path root) {
        List<Path> directories = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                for (String reports : List.of("target/surefire-reports", "target/failsafe-reports")) {
                    if (Files.isDirectory(module.resolve(reports))) {
                        directories.add(module.resolve(reports));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directories;
    }

    /** The checked-out commit, read from .git (no git binary needed); "unknown" outside a repository. */
    static String commit(Path root) {
        try {
            Path git = root.resolve(".git");
            if (Files.isRegularFile(git)) { // a worktree: "gitdir: <path>"
                git = root.resolve(Files.readString(git, StandardCharsets.UTF_8)
                        .trim()
                        .substring("gitdir:".length())
                        .trim());
            }
            String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8)
                    .trim();
            if (!head.startsWith("ref: ")) {
                return head;
            }
            String ref = head.substring("ref: ".length());
            for (Path base : List.of(git, commonDir(git))) {
                Path refFile = base.resolve(ref);
                if (Files.exists(refFile)) {
                    return Files.readString(refFile, StandardCharsets.UTF_8).trim();
                }
                Path packed = base.resolve("packed-refs");
                if (Files.exists(packed)) {
                    for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                        if (line.endsWith(" " + ref)) {
                            return line.substring(0, line.indexOf(' '));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static Path commonDir(Path git) throws IOException {
        Path common = git.resolve("commondir");
        return Files.exists(common)
                ? git.resolve(Files.readString(common, StandardCharsets.UTF_8).trim())
                        .normalize()
                : git;
    }
}
