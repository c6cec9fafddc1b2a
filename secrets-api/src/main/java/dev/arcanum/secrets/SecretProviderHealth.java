package dev.arcanum.secrets;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of {@link SecretProvider#healthCheck()}.
 *
 * @param status the overall status
 * @param message one line for a person: what was checked and what was found; never a credential
 * @param details facts such as the backend version, sealed or standby flags, the address; never
 *     values or credentials
 */
public record SecretProviderHealth(Status status, String message, Map<String, Object> details) {

    /** How usable the backend is. */
    public enum Status {
        /** Reads and writes work. */
        HEALTHY,
        /** Reads work but something is off: a standby node, throttling, a stale cache. */
        DEGRADED,
        /** The backend cannot serve reads. */
        UNAVAILABLE
    }

    /**
     * Validates and copies.
     *
     * @param status see the record component
     * @param message see the record component
     * @param details see the record component
     */
    public SecretProviderHealth {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /**
     * @param message what was checked
     * @param details non-secret facts
     * @return a healthy result
     */
    public static SecretProviderHealth healthy(String message, Map<String, Object> details) {
        return new SecretProviderHealth(Status.HEALTHY, message, details);
    }

    /**
     * @param message what is off
     * @param details non-secret facts
     * @return a degraded result
     */
    public static SecretProviderHealth degraded(String message, Map<String, Object> details) {
        return new SecretProviderHealth(Status.DEGRADED, message, details);
    }

    /**
     * @param message why the backend cannot serve
     * @param details non-secret facts
     * @return an unavailable result
     */
    public static SecretProviderHealth unavailable(String message, Map<String, Object> details) {
        return new SecretProviderHealth(Status.UNAVAILABLE, message, details);
    }

    /**
     * @return true unless {@link Status#UNAVAILABLE}
     */
    public boolean isUsable() {
        return status != Status.UNAVAILABLE;
    }
}
