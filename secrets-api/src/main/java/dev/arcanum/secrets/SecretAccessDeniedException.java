package dev.arcanum.secrets;

/**
 * The backend refused the credentials or the policy does not allow the operation (HTTP 401/403 and their equivalents). Never retried and never masked by a cached value.
 */
public class SecretAccessDeniedException extends SecretException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and how to fix it; never a secret value
     */
    public SecretAccessDeniedException(String message) {
        super(message);
    }

    /**
     * @param message what failed and how to fix it; never a secret value
     * @param cause the underlying failure
     */
    public SecretAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
