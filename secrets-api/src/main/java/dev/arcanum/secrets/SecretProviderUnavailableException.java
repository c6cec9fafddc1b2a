package dev.arcanum.secrets;

/**
 * The backend could not be reached or answered with a transient failure (connection refused, timeout, 5xx, throttling) after the provider's retries. Callers may retry later.
 */
public class SecretProviderUnavailableException extends SecretException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and how to fix it; never a secret value
     */
    public SecretProviderUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what failed and how to fix it; never a secret value
     * @param cause the underlying failure
     */
    public SecretProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
