package dev.arcanum.secrets;

/**
 * Masked rendering of secret values for admin dashboards and diagnostics: enough to tell that a
 * value is set, never enough to recover it.
 *
 * <p>Stateless and thread-safe.
 */
public final class SecretMask {
    /** What every masked value looks like, whatever its length. */
    public static final String MASK = "****";

    private SecretMask() {}

    /**
     * @param value a secret value, possibly null
     * @return {@code "(unset)"} for null or empty, else {@value #MASK}; the length is not revealed
     */
    public static String mask(String value) {
        return value == null || value.isEmpty() ? "(unset)" : MASK;
    }

    /**
     * A metadata line for a dashboard: the key, its version and a mask — never the value.
     *
     * @param metadata the metadata from {@link SecretStore#list}
     * @return for example {@code prod/db  v3  ****}
     */
    public static String describe(SecretMetadata metadata) {
        return metadata.key() + "  " + (metadata.version() == null ? "-" : "v" + metadata.version()) + "  " + MASK;
    }
}
