package io.autobiz.tools.guard;

/** A start-up refusal: the node's configuration would reach a live account, a real host or a real customer. */
public final class SandboxGuardViolation extends IllegalStateException {

    private final String guard;

    SandboxGuardViolation(String guard, String message) {
        super("Sandbox guard '" + guard + "': " + message);
        this.guard = guard;
    }

    /** Which guard refused: live-key, provider-host, live-tenant. */
    public String guard() {
        return guard;
    }
}
