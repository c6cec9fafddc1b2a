package dev.arcanum.secrets;

import dev.arcanum.secrets.cache.Ticker;
import dev.arcanum.secrets.internal.ProviderDiscovery;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: builds the provider that {@code SECRETS_PROVIDER} names, wrapped in the
 * decorators its settings ask for.
 *
 * <pre>{@code
 * try (SecretProvider secrets = SecretProviders.fromEnvironment()) {
 *     String password = secrets.get("prod/db#password").value();
 * }
 * }</pre>
 *
 * <p>Thread-safe; every method builds a new provider that the caller owns and closes.
 */
public final class SecretProviders {
    /** Selects the provider by name or alias. */
    public static final Setting PROVIDER = Setting.optional(
            "secrets.provider",
            "which backend to use: memory, local, dotenv, vault, aws, azure, infisical or an alias",
            "local");

    private static final Logger LOG = LoggerFactory.getLogger(SecretProviders.class);

    private SecretProviders() {}

    /**
     * Builds the provider named by {@code SECRETS_PROVIDER} (default {@code local}) from system
     * properties and the environment.
     *
     * @return the provider; the caller closes it
     * @throws SecretConfigurationException if the name is unknown or a setting is missing or bad
     */
    public static SecretProvider fromEnvironment() {
        return builder().config(SecretsConfig.fromEnvironment()).build();
    }

    /**
     * @return a builder for a provider configured from code
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the primary names of the providers on the class path, sorted
     */
    public static List<String> available() {
        return ProviderDiscovery.load(defaultClassLoader()).names();
    }

    /**
     * @return the factories on the class path, for tools that list their settings
     */
    public static List<SecretProviderFactory> factories() {
        return ProviderDiscovery.load(defaultClassLoader()).factories();
    }

    /**
     * Finds the factory for a name or alias.
     *
     * @param name a name or alias
     * @return the factory
     * @throws SecretConfigurationException naming the available providers if there is none
     */
    public static SecretProviderFactory factory(String name) {
        return resolve(ProviderDiscovery.load(defaultClassLoader()), name);
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : SecretProviders.class.getClassLoader();
    }

    private static SecretProviderFactory resolve(ProviderDiscovery discovery, String name) {
        SecretProviderFactory f = discovery.find(name);
        if (f != null) {
            return f;
        }
        StringBuilder msg = new StringBuilder(PROVIDER.environmentName() + "=" + name + ": ");
        String artifact = ProviderDiscovery.artifactFor(name);
        if (artifact != null) {
            msg.append("the provider '")
                    .append(name)
                    .append("' is not on the class path; add the dependency ")
                    .append(artifact)
                    .append(". ");
        } else {
            msg.append("no provider is named '").append(name).append("'. ");
        }
        List<String> names = discovery.namesAndAliases();
        msg.append("Available: ")
                .append(names.isEmpty() ? "none (add dev.arcanum:secrets-local)" : String.join(", ", names));
        if (!discovery.loadFailures().isEmpty()) {
            msg.append(". Providers that failed to load: ").append(String.join("; ", discovery.loadFailures()));
        }
        throw new SecretConfigurationException(msg.toString());
    }

    /**
     * Builds a provider from code: by name (with settings) or from an instance the application made
     * itself. Not thread-safe; use one builder per build.
     */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private SecretsConfig config = SecretsConfig.of(Map.of());
        private String providerName;
        private SecretProvider instance;
        private ClassLoader classLoader;
        private final Decorators.Options decorators = new Decorators.Options();

        private Builder() {}

        /**
         * @param config where settings come from; values given with {@link #setting} win over it
         * @return this builder
         */
        public Builder config(SecretsConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * @param name a setting in either spelling, for example {@code secrets.cache.ttl}
         * @param value its value
         * @return this builder
         */
        public Builder setting(String name, String value) {
            settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param name a provider name or alias; wins over {@code SECRETS_PROVIDER}
         * @return this builder
         */
        public Builder provider(String name) {
            if (instance != null) {
                throw new IllegalStateException("provider(SecretProvider) was already set");
            }
            this.providerName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param provider a provider the application made; the decorators wrap it and closing the
         *     result closes it
         * @return this builder
         */
        public Builder provider(SecretProvider provider) {
            if (providerName != null) {
                throw new IllegalStateException("provider(String) was already set");
            }
            this.instance = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * @param classLoader where to look for factories; default the thread's context loader
         * @return this builder
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * @param ttl how long a value is served from cache; {@link Duration#ZERO} turns the cache off.
         *     Wins over {@code secrets.cache.ttl}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder cacheTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("cacheTtl must not be negative, was " + ttl);
            }
            decorators.cacheTtl = ttl;
            return this;
        }

        /**
         * @param maximumSize most keys the cache holds; wins over {@code secrets.cache.max-size}
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize < 1) {
                throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
            }
            decorators.maximumSize = maximumSize;
            return this;
        }

        /**
         * @param fraction the point in the TTL (above 0, at most 1) after which a read starts a
         *     background reload; 1 turns refresh-ahead off. Wins over {@code secrets.cache.refresh-ahead}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder refreshAhead(double fraction) {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("refreshAhead must be above 0 and at most 1, was " + fraction);
            }
            decorators.refreshAheadFraction = fraction;
            decorators.refreshAheadLead = null;
            return this;
        }

        /**
         * @param leadTime how long before expiry a read starts a background reload; must be shorter than
         *     the TTL. Wins over {@code secrets.cache.refresh-ahead}
         * @return this builder
         */
        public Builder refreshAhead(Duration leadTime) {
            decorators.refreshAheadLead = Objects.requireNonNull(leadTime, "leadTime");
            decorators.refreshAheadFraction = null;
            return this;
        }

        /**
         * @param maxStale how long past its TTL the last good value is served while the backend is
         *     unavailable; wins over {@code secrets.cache.max-stale}
         * @return this builder
         */
        public Builder maxStale(Duration maxStale) {
            decorators.maxStale = Objects.requireNonNull(maxStale, "maxStale");
            return this;
        }

        /**
         * @param negativeTtl how long a not-found answer is remembered; wins over {@code
         *     secrets.cache.negative-ttl}
         * @return this builder
         */
        public Builder negativeTtl(Duration negativeTtl) {
            decorators.negativeTtl = Objects.requireNonNull(negativeTtl, "negativeTtl");
            return this;
        }

        /**
         * @param ticker the cache's time source, for tests; default {@link Ticker#coarse()}
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            decorators.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * @param executor runs the cache's background reloads and change notifications; the caller
         *     shuts it down. Default: a private pool of two daemon threads
         * @return this builder
         */
        public Builder executor(Executor executor) {
            decorators.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param readOnly true to refuse every write with {@link ReadOnlyStoreException} and skip
         *     seeding; wins over {@code secrets.read-only}
         * @return this builder
         */
        public Builder readOnly(boolean readOnly) {
            decorators.readOnly = readOnly;
            return this;
        }

        /**
         * Seeds missing entries on build: for each key absent from the store, writes the value of its
         * variable (see {@link SeedFromEnvironment}). Added to the pairs of {@code
         * secrets.seed-from-env}; wins for a key both name. Variables are looked up in the builder's
         * configuration, so {@link SecretsConfig#fromEnvironment()} reads the process environment.
         *
         * @param keyToVariable key to environment variable name; copied
         * @return this builder
         */
        public Builder seedFromEnvironment(Map<String, String> keyToVariable) {
            decorators.seed = new LinkedHashMap<>(Objects.requireNonNull(keyToVariable, "keyToVariable"));
            return this;
        }

        /**
         * @param listener told of every read (never the value); default none, which costs nothing
         * @return this builder
         */
        public Builder accessListener(SecretAccessListener listener) {
            decorators.accessListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Creates the provider, then wraps it. If wrapping fails, the provider is closed first.
         *
         * @return the provider; the caller closes it
         * @throws SecretConfigurationException if the name is unknown or a setting is bad
         */
        public SecretProvider build() {
            Map<String, String> overrides = new HashMap<>(settings);
            if (providerName != null) {
                overrides.put(PROVIDER.property(), providerName);
            }
            SecretsConfig effective = overrides.isEmpty() ? config : config.withOverrides(overrides);
            SecretProvider base = instance != null ? instance : create(effective);
            try {
                return Decorators.decorate(base, effective, decorators);
            } catch (RuntimeException e) {
                closeQuietly(base, e);
                throw e;
            }
        }

        private SecretProvider create(SecretsConfig effective) {
            String name = PROVIDER.rawValue(effective);
            ProviderDiscovery discovery =
                    ProviderDiscovery.load(classLoader != null ? classLoader : defaultClassLoader());
            SecretProviderFactory factory = resolve(discovery, name);
            warnUnknownSettings(factory, effective);
            SecretProvider p = factory.create(effective);
            LOG.debug("Secret provider '{}' created (selected as '{}')", p.name(), name);
            return p;
        }

        private static void warnUnknownSettings(SecretProviderFactory factory, SecretsConfig config) {
            String prefix = "secrets." + factory.name() + ".";
            Set<String> known = new TreeSet<>();
            for (Setting s : factory.settings()) {
                known.add(s.property());
                // Environment spelling loses dashes; compare in that form too.
                known.add(SecretsConfig.environmentName(s.property())
                        .toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '.'));
            }
            for (String name : config.namesWithPrefix(prefix)) {
                if (!known.contains(name)) {
                    LOG.warn(
                            "Unknown setting '{}' for provider '{}' is ignored; known settings: {}",
                            name,
                            factory.name(),
                            factory.settings().stream().map(Setting::property).toList());
                }
            }
        }

        private static void closeQuietly(SecretProvider p, RuntimeException cause) {
            try {
                p.close();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
