package dev.arcanum.secrets.infisical;

import dev.arcanum.secrets.SecretProviderUnavailableException;

/** Infisical kept answering 429 after the retries allowed; the health check reports it as DEGRADED. */
final class RateLimitedException extends SecretProviderUnavailableException {
    private static final long serialVersionUID = 1L;

    RateLimitedException(String message) {
        super(message);
    }
}
