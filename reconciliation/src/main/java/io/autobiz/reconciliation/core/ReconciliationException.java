package io.autobiz.reconciliation.core;

/** A decision on a reconciliation row that does not exist, is not financial, or was already decided. */
public final class ReconciliationException extends RuntimeException {

    public ReconciliationException(String message) {
        super(message);
    }
}
