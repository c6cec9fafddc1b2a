package dev.arcanum.secrets;

/**
 * A write was attempted on a provider that is read-only, either by nature (the dotenv source) or because SECRETS_READ_ONLY is set. Thrown before the backend is called.
 */
public class ReadOnlyStoreException extends SecretException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and how to fix it; never a secret value
     */
    public ReadOnlyStoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed and how to fix it; never a secret value
     * @param cause the underlying failure
     */
    public ReadOnlyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
