package dev.arcanum.secrets.spring;

import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Answers {@code secret:<key>} so {@code ${secret:prod/db#password}} works anywhere Spring resolves
 * placeholders; {@code ${secret:name:default}} gives the default when the key does not exist (any
 * other failure is thrown). A missing key without a default fails the context start with an error
 * naming the key. Not enumerable: it lists nothing, so {@code /actuator/env} cannot dump it. The
 * provider is built on the first lookup and shared with the {@code SecretProvider} bean.
 *
 * <p>It remembers which keys it resolved (for rotation events) and a SHA-256 digest of each value
 * it handed out, so the actuator sanitizer can mask those values wherever they appear without this
 * class keeping the values themselves.
 */
public final class SecretPropertySource extends PropertySource<Supplier<SecretProvider>> {
    /** The name of this property source in the environment. */
    public static final String NAME = "arcanumSecrets";
    /** The placeholder prefix: {@code ${secret:name}}. */
    public static final String PREFIX = "secret:";

    private final Set<String> resolvedKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> resolvedDigests = ConcurrentHashMap.newKeySet();

    SecretPropertySource(ConfigurableEnvironment environment) {
        super(NAME, new LazyProvider(environment));
    }

    @Override
    public Object getProperty(String name) {
        if (!name.startsWith(PREFIX)) {
            return null;
        }
        String key = name.substring(PREFIX.length());
        String fallback = null;
        int colon = key.indexOf(':');
        if (colon >= 0) {
            // ${secret:name:default} — keys never contain ':', so the first one starts the default.
            fallback = key.substring(colon + 1);
            key = key.substring(0, colon);
        }
        String value;
        try {
            value = getSource().get().get(key).value();
        } catch (SecretNotFoundException e) {
            if (fallback == null) {
                throw e;
            }
            return fallback;
        }
        resolvedKeys.add(key);
        resolvedDigests.add(digest(value));
        return value;
    }

    /**
     * @return the provider, built on first call
     */
    public SecretProvider provider() {
        return getSource().get();
    }

    /**
     * @return the keys resolved through placeholders so far
     */
    public Set<String> resolvedKeys() {
        return Set.copyOf(resolvedKeys);
    }

    boolean isResolvedValue(Object value) {
        return value != null && !resolvedDigests.isEmpty() && resolvedDigests.contains(digest(value.toString()));
    }

    boolean isBuilt() {
        return ((LazyProvider) getSource()).built();
    }

    private static String digest(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class LazyProvider implements Supplier<SecretProvider> {
        private final ConfigurableEnvironment environment;
        private volatile SecretProvider provider;

        LazyProvider(ConfigurableEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public SecretProvider get() {
            SecretProvider p = provider;
            if (p == null) {
                synchronized (this) {
                    p = provider;
                    if (p == null) {
                        p = SecretProviders.builder()
                                .config(new SpringSecretsConfig(environment))
                                .build();
                        provider = p;
                    }
                }
            }
            return p;
        }

        boolean built() {
            return provider != null;
        }
    }
}
