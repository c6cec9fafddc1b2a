package dev.arcanum.secrets;

import dev.arcanum.secrets.internal.LayeredSecretsConfig;
import java.util.Map;
import java.util.Set;

/**
 * Where settings come from. A setting has a property name ({@code secrets.vault.address}) and an
 * environment name ({@code SECRETS_VAULT_ADDRESS}: dots and dashes to underscores, upper case);
 * both spellings are one key. Backends also read their conventional variables ({@code VAULT_ADDR},
 * {@code AWS_REGION}, …) through the same method.
 *
 * <p>Precedence of {@link #fromEnvironment()}: values given in code, then Java system properties,
 * then the environment; a {@link dev.arcanum.secrets.spi.Setting} then falls back to the backend's
 * conventional variables and its default.
 *
 * <p>Micrometer-style: the only abstract method is {@link #get(String)}, so a test can write {@code
 * SecretsConfig config = Map.of("secrets.vault.address", "http://127.0.0.1:8200")::get;}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface SecretsConfig {

    /**
     * Looks up one setting.
     *
     * @param name a property name ({@code secrets.cache.ttl}) or an environment variable name
     *     ({@code SECRETS_CACHE_TTL}, {@code VAULT_ADDR}); implementations that layer sources accept
     *     both spellings of a property
     * @return the raw value, or null when unset; blank values count as unset
     */
    String get(String name);

    /**
     * Names of the settings this source holds that start with a prefix, in property spelling, so a
     * provider can warn about unknown keys under its own prefix ({@code secrets.vault.adress}).
     * Sources that cannot enumerate return an empty set.
     *
     * @param propertyPrefix a property prefix such as {@code secrets.vault.}
     * @return property names under the prefix; never null
     */
    default Set<String> namesWithPrefix(String propertyPrefix) {
        return Set.of();
    }

    /**
     * Settings from system properties and the process environment.
     *
     * @return the process's configuration
     */
    static SecretsConfig fromEnvironment() {
        return LayeredSecretsConfig.builder().systemProperties().environment().build();
    }

    /**
     * Settings given in code only: no system properties, no environment. Keys may use either
     * spelling. Useful in tests.
     *
     * @param values setting name to value; copied
     * @return the configuration
     */
    static SecretsConfig of(Map<String, String> values) {
        return LayeredSecretsConfig.builder().code(values).build();
    }

    /**
     * Layers values given in code over this configuration.
     *
     * @param values setting name to value; copied; they win over everything in this configuration
     * @return a new configuration
     */
    default SecretsConfig withOverrides(Map<String, String> values) {
        return LayeredSecretsConfig.builder().code(values).fallback(this).build();
    }

    /**
     * The environment spelling of a property name: dots and dashes become underscores, letters upper
     * case. {@code secrets.vault.address} → {@code SECRETS_VAULT_ADDRESS}.
     *
     * @param propertyName a property name
     * @return its environment name
     */
    static String environmentName(String propertyName) {
        StringBuilder sb = new StringBuilder(propertyName.length());
        for (int i = 0; i < propertyName.length(); i++) {
            char c = propertyName.charAt(i);
            sb.append(c == '.' || c == '-' ? '_' : Character.toUpperCase(c));
        }
        return sb.toString();
    }
}
