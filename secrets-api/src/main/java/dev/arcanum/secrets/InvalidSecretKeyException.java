package dev.arcanum.secrets;

/**
 * A key does not follow the key grammar (or the backend's own naming rules). Thrown before any network call.
 */
public class InvalidSecretKeyException extends SecretException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and how to fix it; never a secret value
     */
    public InvalidSecretKeyException(String message) {
        super(message);
    }

    /**
     * @param message what failed and how to fix it; never a secret value
     * @param cause the underlying failure
     */
    public InvalidSecretKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
