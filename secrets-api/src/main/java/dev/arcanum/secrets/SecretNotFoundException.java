package dev.arcanum.secrets;

/**
 * The key (or the pinned version of it) does not exist in the backend, under the scope asked for.
 */
public class SecretNotFoundException extends SecretException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and how to fix it; never a secret value
     */
    public SecretNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what failed and how to fix it; never a secret value
     * @param cause the underlying failure
     */
    public SecretNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
