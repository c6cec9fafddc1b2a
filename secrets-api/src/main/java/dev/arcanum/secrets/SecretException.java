package dev.arcanum.secrets;

/**
 * Root of every error the library throws. Unchecked, so application code can let it travel.
 *
 * <p>Messages name what failed (the key, the setting, the backend and status) and how to fix it.
 * They never carry a secret value, a token, a client secret or a full request body: every
 * subclass is held to that by the leak detector of {@code secrets-test}.
 */
public class SecretException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and how to fix it; never a secret value
     */
    public SecretException(String message) {
        super(message);
    }

    /**
     * @param message what failed and how to fix it; never a secret value
     * @param cause the underlying failure; its message must not carry a secret value either
     */
    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
