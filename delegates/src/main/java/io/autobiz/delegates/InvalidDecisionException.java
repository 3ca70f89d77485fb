package io.autobiz.delegates;

import org.camunda.bpm.engine.ProcessEngineException;

/** An approval task completed without a decision the listener can read: the caller's mistake, not the engine's. */
public final class InvalidDecisionException extends ProcessEngineException {

    public InvalidDecisionException(String message) {
        super(message);
    }
}
