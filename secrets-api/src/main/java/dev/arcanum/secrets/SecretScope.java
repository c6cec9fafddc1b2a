package dev.arcanum.secrets;

import java.util.regex.Pattern;

/**
 * A namespace for keys. The same key stored under two scopes names two different secrets, and a
 * key stored under one scope is not readable under another. Each backend documents how a scope
 * maps to its own names (a path prefix under Vault's mount, a name prefix on AWS and Azure, a
 * folder on Infisical).
 *
 * <p>Immutable and thread-safe; equal by {@link #name()}.
 */
public final class SecretScope {
    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    /** The scope used when none is given. Backends map it to no prefix at all. */
    public static final SecretScope DEFAULT = new SecretScope("default");
    /** Credentials of service accounts the application issues or uses. */
    public static final SecretScope SERVICE_ACCOUNT = new SecretScope("service-account");
    /** Database credentials. */
    public static final SecretScope DATABASE = new SecretScope("database");
    /** Keys and tokens for third-party APIs. */
    public static final SecretScope THIRD_PARTY_API = new SecretScope("third-party-api");

    private final String name;

    private SecretScope(String name) {
        this.name = name;
    }

    /**
     * Returns the scope with the given name: one of the constants, or an application's own.
     *
     * @param name lower-case letters, digits and inner {@code -}, 1 to 64 characters
     * @return the scope; never null
     * @throws InvalidSecretKeyException if the name is null or malformed
     */
    public static SecretScope of(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSecretKeyException("Invalid scope name '" + (name == null ? "null" : name)
                    + "': use 1 to 64 lower-case letters, digits and inner '-' (for example 'database')");
        }
        switch (name) {
            case "default":
                return DEFAULT;
            case "service-account":
                return SERVICE_ACCOUNT;
            case "database":
                return DATABASE;
            case "third-party-api":
                return THIRD_PARTY_API;
            default:
                return new SecretScope(name);
        }
    }

    /**
     * @return the scope's name, for example {@code database}
     */
    public String name() {
        return name;
    }

    /**
     * @return true for {@link #DEFAULT}
     */
    public boolean isDefault() {
        return this == DEFAULT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretScope && ((SecretScope) o).name.equals(name);
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
