package dev.arcanum.secrets;

import java.util.regex.Pattern;

/**
 * What a signature is for. Each purpose has its own signing key, so a signature made for one
 * purpose never verifies for another. Backends with native signing (Vault Transit) map purposes to
 * their keys through settings; the others use the core HMAC signer with one key per purpose.
 *
 * <p>Immutable and thread-safe; equal by {@link #name()}.
 */
public final class SecretPurpose {
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    /** Signing tokens or assertions issued to service accounts. */
    public static final SecretPurpose SERVICE_ACCOUNT_ISSUANCE = new SecretPurpose("service-account-issuance");
    /** Signing requests that cross from a command-line tool into a service. */
    public static final SecretPurpose CLI_BRIDGE = new SecretPurpose("cli-bridge");

    private final String name;

    private SecretPurpose(String name) {
        this.name = name;
    }

    /**
     * Returns the purpose with the given name: one of the constants, or an application's own.
     *
     * @param name lower-case letters, digits and inner {@code -}, 1 to 64 characters
     * @return the purpose; never null
     * @throws InvalidSecretKeyException if the name is null or malformed
     */
    public static SecretPurpose of(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSecretKeyException("Invalid purpose name '" + (name == null ? "null" : name)
                    + "': use 1 to 64 lower-case letters, digits and inner '-' (for example 'cli-bridge')");
        }
        switch (name) {
            case "service-account-issuance":
                return SERVICE_ACCOUNT_ISSUANCE;
            case "cli-bridge":
                return CLI_BRIDGE;
            default:
                return new SecretPurpose(name);
        }
    }

    /**
     * @return the purpose's name, for example {@code cli-bridge}
     */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretPurpose && ((SecretPurpose) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
