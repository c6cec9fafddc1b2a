package dev.arcanum.secrets;

/**
 * A value cannot be stored by the backend (too large, empty where not allowed). Thrown before any network call; the message gives the limit, never the value.
 */
public class InvalidSecretValueException extends SecretException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and how to fix it; never a secret value
     */
    public InvalidSecretValueException(String message) {
        super(message);
    }

    /**
     * @param message what failed and how to fix it; never a secret value
     * @param cause the underlying failure
     */
    public InvalidSecretValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
