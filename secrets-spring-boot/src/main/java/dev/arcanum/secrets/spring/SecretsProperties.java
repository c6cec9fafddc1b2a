package dev.arcanum.secrets.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code secrets.*} properties, for IDE completion and for {@code secrets.enabled}. The provider
 * itself reads every {@code secrets.*} property (including each backend's own, such as {@code
 * secrets.vault.address}) straight from the Spring {@code Environment}, with the same names and
 * precedence as outside Spring; see docs/configuration.md.
 */
@ConfigurationProperties(prefix = "secrets")
public class SecretsProperties {
    /** Whether to create the SecretProvider bean and the ${secret:…} property source at all. */
    private boolean enabled = true;

    /** Which backend to use: memory, local, dotenv, vault, aws, azure, infisical or an alias. */
    private String provider = "local";

    /** Every write fails with ReadOnlyStoreException before reaching the backend. */
    private boolean readOnly;

    /** Cache settings. */
    private final Cache cache = new Cache();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public Cache getCache() {
        return cache;
    }

    /** Cache settings. */
    public static class Cache {
        /** How long a value is served from cache; 0 turns the cache off. */
        private Duration ttl = Duration.ofMinutes(5);

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }
}
