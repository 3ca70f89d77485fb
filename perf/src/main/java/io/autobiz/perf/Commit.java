package io.autobiz.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The commit the figures belong to, with a note when the work tree has changes. */
final class Commit {

    private Commit() {}

    static String head() {
        String commit = git("rev-parse", "--short", "HEAD");
        String changes = git("status", "--porcelain", "--untracked-files=no");
        return changes.isEmpty() ? commit : commit + " (with uncommitted changes)";
    }

    private static String git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command)
                    .directory(AppNode.repositoryRoot().toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
