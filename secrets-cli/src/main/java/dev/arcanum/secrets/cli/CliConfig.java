package dev.arcanum.secrets.cli;

import dev.arcanum.secrets.SecretsConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings the command hands to providers: {@code --setting} and {@code --provider} values
 * first, then system properties, then environment variables — the library's own precedence — and
 * able to say where a value came from, for {@code secrets doctor}.
 */
final class CliConfig implements SecretsConfig {
    private final Map<String, String> overrides;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;

    CliConfig(Map<String, String> overrides, Map<String, String> systemProperties, Map<String, String> environment) {
        Map<String, String> normalised = new LinkedHashMap<>();
        overrides.forEach((k, v) -> normalised.put(SecretsConfig.environmentName(k), v));
        this.overrides = Map.copyOf(normalised);
        this.systemProperties = Map.copyOf(systemProperties);
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String get(String name) {
        Lookup l = lookup(name);
        return l == null ? null : l.value();
    }

    /**
     * @param name a setting or variable name in either spelling
     * @return the value and where it came from, or null when unset
     */
    Lookup lookup(String name) {
        String envName = SecretsConfig.environmentName(name);
        String v = overrides.get(envName);
        if (isSet(v)) {
            return new Lookup(v, "--setting");
        }
        v = systemProperties.get(name);
        if (isSet(v)) {
            return new Lookup(v, "system property " + name);
        }
        v = systemProperties.get(envName);
        if (isSet(v)) {
            return new Lookup(v, "system property " + envName);
        }
        v = environment.get(envName);
        if (isSet(v)) {
            return new Lookup(v, "environment " + envName);
        }
        return null;
    }

    @Override
    public Set<String> namesWithPrefix(String propertyPrefix) {
        Set<String> out = new TreeSet<>();
        String envPrefix = SecretsConfig.environmentName(propertyPrefix);
        for (String k : overrides.keySet()) {
            if (k.startsWith(envPrefix)) {
                out.add(k.toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        for (String k : systemProperties.keySet()) {
            if (k.startsWith(propertyPrefix)) {
                out.add(k);
            } else if (k.startsWith(envPrefix)) {
                out.add(k.toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        for (String k : environment.keySet()) {
            if (k.startsWith(envPrefix)) {
                out.add(k.toLowerCase(Locale.ROOT).replace('_', '.'));
            }
        }
        return out;
    }

    private static boolean isSet(String v) {
        return v != null && !v.isBlank();
    }

    /**
     * @param value the raw value
     * @param source where it came from, for example {@code environment SECRETS_LOCAL_PATH}
     */
    record Lookup(String value, String source) {}
}
