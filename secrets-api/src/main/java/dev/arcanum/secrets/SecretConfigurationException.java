package dev.arcanum.secrets;

/**
 * A setting is missing or malformed, or the selected provider is unknown. The message names every offending setting; a credential setting is named, never printed.
 */
public class SecretConfigurationException extends SecretException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and how to fix it; never a secret value
     */
    public SecretConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message what failed and how to fix it; never a secret value
     * @param cause the underlying failure
     */
    public SecretConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
