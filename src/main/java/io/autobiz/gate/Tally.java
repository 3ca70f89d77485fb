package io.autobiz.gate;

/**
 * How many trials of a gate ran ({@code n}) and how many passed ({@code k}).
 *
 * @param failures what failed, for the evidence (test or case names; empty when none did)
 */
public record Tally(int n, int k, java.util.List<String> failures) {

    public Tally {
        if (n < 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("a tally needs 0 <= k <= n, got n=" + n + " k=" + k);
        }
        failures = java.util.List.copyOf(failures);
    }

    public static Tally empty() {
        return new Tally(0, 0, java.util.List.of());
    }

    /** This tally with one more trial. */
    public Tally plus(boolean passed, String name) {
        java.util.List<String> failed = failures;
        if (!passed) {
            failed = new java.util.ArrayList<>(failures);
            failed.add(name);
        }
        return new Tally(n + 1, passed ? k + 1 : k, failed);
    }
}
