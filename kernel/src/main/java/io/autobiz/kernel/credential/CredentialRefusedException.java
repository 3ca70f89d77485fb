package io.autobiz.kernel.credential;

/**
 * A stored secret that does not open for the store and name it was found under: its ciphertext was sealed for
 * another store or secret (copied across rows) or altered. The message never contains key material or a value.
 */
public final class CredentialRefusedException extends RuntimeException {

    public CredentialRefusedException(String message) {
        super(message);
    }
}
