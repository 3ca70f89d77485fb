package io.autobiz.kernel.redaction;

import java.util.List;

/** A payload about to be persisted contained a secret; it was not written. Names the kinds found, never the values. */
public final class SecretRejectedException extends RuntimeException {

    private final List<String> types;

    public SecretRejectedException(String where, List<String> types) {
        super("a secret (" + String.join(", ", types) + ") was found in " + where
                + " and was not persisted; the redaction allowlist lets a secret-bearing field through");
        this.types = List.copyOf(types);
    }

    public List<String> types() {
        return types;
    }
}
