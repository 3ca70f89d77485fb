package io.autobiz.invariants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs the invariant checker against a database and writes {@code invariants.json} and {@code invariants.md}
 * (docs/operations.md, "Invariant checker"):
 *
 * <pre>
 * CheckInvariants &lt;jdbc-url&gt; [output-dir] [--log FILE]... [--metrics FILE]... [--secrets FILE] [--personal-data FILE]
 * </pre>
 *
 * The URL names the schema owner (user and password in the URL, or {@code AUTOBIZ_INVARIANTS_USER} and {@code
 * AUTOBIZ_INVARIANTS_PASSWORD}); the output directory defaults to {@code target/invariants}. {@code --secrets} and
 * {@code --personal-data} are files of one value per line, never values on the command line (they would show in the
 * process list). Exit status: 0 every invariant passed, 1 one failed, 2 the check could not run.
 */
public final class CheckInvariants {

    private CheckInvariants() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args) ? 0 : 1);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: CheckInvariants <jdbc-url> [output-dir] [--log FILE]... [--metrics FILE]..."
                    + " [--secrets FILE] [--personal-data FILE]");
            System.exit(2);
        } catch (RuntimeException | IOException e) {
            System.err.println("the invariant check could not run: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Checks, writes both reports, prints where they are and the verdict; true if every invariant passed. */
    static boolean run(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        List<String> scrapes = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        List<String> personal = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a file");
                }
                Path file = Path.of(args[++i]);
                switch (arg) {
                    case "--log" -> logs.add(file);
                    case "--metrics" -> scrapes.add(Files.readString(file, StandardCharsets.UTF_8));
                    case "--secrets" -> secrets.addAll(lines(file));
                    case "--personal-data" -> personal.addAll(lines(file));
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            } else {
                positional.add(arg);
            }
        }
        if (positional.isEmpty() || positional.size() > 2) {
            throw new IllegalArgumentException("give the database's JDBC URL and, optionally, an output directory");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(positional.get(0));
        String user = System.getenv("AUTOBIZ_INVARIANTS_USER");
        if (user != null && !user.isBlank()) {
            dataSource.setUser(user);
        }
        String password = System.getenv("AUTOBIZ_INVARIANTS_PASSWORD");
        if (password != null) {
            dataSource.setPassword(password);
        }
        Path out = Path.of(positional.size() > 1 ? positional.get(1) : "target/invariants");
        InvariantReport report =
                new InvariantChecker(dataSource, new CheckerInputs(logs, scrapes, secrets, personal)).check();
        write(report, out);
        System.out.println(
                "invariants " + (report.passed() ? "PASSED" : "FAILED") + ": " + out.resolve("invariants.md"));
        return report.passed();
    }

    /** Writes {@code invariants.json} and {@code invariants.md} into {@code directory}, creating it. */
    public static void write(InvariantReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("invariants.json"), report.toJson(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("invariants.md"), report.toMarkdown(), StandardCharsets.UTF_8);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }
}
