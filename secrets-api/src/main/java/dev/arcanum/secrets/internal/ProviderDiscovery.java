package dev.arcanum.secrets.internal;

import dev.arcanum.secrets.spi.SecretProviderFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds factories through {@link ServiceLoader}. Like SLF4J's discovery, one broken provider jar is
 * reported and skipped; it only fails start-up if it is the one selected (the caller then sees the
 * load failures in its error).
 */
public final class ProviderDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderDiscovery.class);

    /** Artifacts that ship the well-known names, for "add this dependency" messages. */
    private static final Map<String, String> KNOWN_ARTIFACTS = Map.ofEntries(
            Map.entry("memory", "dev.arcanum:secrets-local"),
            Map.entry("local", "dev.arcanum:secrets-local"),
            Map.entry("dotenv", "dev.arcanum:secrets-local"),
            Map.entry("vault", "dev.arcanum:secrets-vault"),
            Map.entry("vault_dev", "dev.arcanum:secrets-vault"),
            Map.entry("vault_hcp", "dev.arcanum:secrets-vault"),
            Map.entry("aws", "dev.arcanum:secrets-aws"),
            Map.entry("aws_sm", "dev.arcanum:secrets-aws"),
            Map.entry("azure", "dev.arcanum:secrets-azure"),
            Map.entry("azure_kv", "dev.arcanum:secrets-azure"),
            Map.entry("infisical", "dev.arcanum:secrets-infisical"),
            Map.entry("infisical_cloud", "dev.arcanum:secrets-infisical"),
            Map.entry("infisical_self_host", "dev.arcanum:secrets-infisical"));

    private final Map<String, SecretProviderFactory> byName;
    private final List<String> loadFailures;

    private ProviderDiscovery(Map<String, SecretProviderFactory> byName, List<String> loadFailures) {
        this.byName = byName;
        this.loadFailures = loadFailures;
    }

    public static ProviderDiscovery load(ClassLoader classLoader) {
        Map<String, SecretProviderFactory> byName = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Iterator<SecretProviderFactory> it =
                ServiceLoader.load(SecretProviderFactory.class, classLoader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                SecretProviderFactory factory = it.next();
                // name() and aliases() run provider code too: a missing dependency can surface here.
                String name = factory.name();
                java.util.Set<String> aliases = factory.aliases();
                register(byName, name, factory);
                for (String alias : aliases) {
                    register(byName, alias, factory);
                }
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                failures.add(String.valueOf(e.getMessage()));
                LOG.warn("A secret provider failed to load and was skipped: {}", e.getMessage());
            }
        }
        return new ProviderDiscovery(byName, List.copyOf(failures));
    }

    private static void register(Map<String, SecretProviderFactory> byName, String name, SecretProviderFactory f) {
        String key = name.toLowerCase(Locale.ROOT);
        SecretProviderFactory previous = byName.putIfAbsent(key, f);
        if (previous != null && previous.getClass() != f.getClass()) {
            LOG.warn(
                    "Two secret providers claim the name '{}': {} and {}; using the first",
                    key,
                    previous.getClass().getName(),
                    f.getClass().getName());
        }
    }

    public SecretProviderFactory find(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Primary names, sorted. */
    public List<String> names() {
        return byName.values().stream()
                .map(SecretProviderFactory::name)
                .distinct()
                .sorted()
                .toList();
    }

    /** Names and aliases, sorted. */
    public List<String> namesAndAliases() {
        return byName.keySet().stream().sorted().toList();
    }

    public List<SecretProviderFactory> factories() {
        return byName.values().stream().distinct().toList();
    }

    public List<String> loadFailures() {
        return loadFailures;
    }

    public static String artifactFor(String name) {
        return KNOWN_ARTIFACTS.get(name.toLowerCase(Locale.ROOT));
    }
}
