package dev.arcanum.secrets.internal;

import dev.arcanum.secrets.SecretsConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Code values, then system properties, then the environment, then an optional fallback. Every
 * layer is snapshotted at build time so a running provider never sees settings change under it.
 */
public final class LayeredSecretsConfig implements SecretsConfig {
    private final Map<String, String> code;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final SecretsConfig fallback;

    private LayeredSecretsConfig(Builder b) {
        this.code = normalise(b.code);
        this.systemProperties = Map.copyOf(b.systemProperties);
        this.environment = Map.copyOf(b.environment);
        this.fallback = b.fallback;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Code values are keyed by environment spelling, so either spelling given in code matches. */
    private static Map<String, String> normalise(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k != null && v != null) {
                out.put(SecretsConfig.environmentName(k), v);
            }
        });
        return Map.copyOf(out);
    }

    @Override
    public String get(String name) {
        String envName = SecretsConfig.environmentName(name);
        String v = code.get(envName);
        if (isSet(v)) {
            return v;
        }
        v = systemProperties.get(name);
        if (isSet(v)) {
            return v;
        }
        if (!envName.equals(name)) {
            v = systemProperties.get(envName);
            if (isSet(v)) {
                return v;
            }
        }
        v = environment.get(envName);
        if (isSet(v)) {
            return v;
        }
        return fallback == null ? null : fallback.get(name);
    }

    private static boolean isSet(String v) {
        return v != null && !v.isBlank();
    }

    @Override
    public Set<String> namesWithPrefix(String propertyPrefix) {
        Set<String> out = new TreeSet<>();
        String envPrefix = SecretsConfig.environmentName(propertyPrefix);
        for (String k : code.keySet()) {
            if (k.startsWith(envPrefix)) {
                out.add(propertySpelling(k));
            }
        }
        for (String k : systemProperties.keySet()) {
            if (k.startsWith(propertyPrefix)) {
                out.add(k);
            } else if (k.startsWith(envPrefix)) {
                out.add(propertySpelling(k));
            }
        }
        for (String k : environment.keySet()) {
            if (k.startsWith(envPrefix)) {
                out.add(propertySpelling(k));
            }
        }
        if (fallback != null) {
            out.addAll(fallback.namesWithPrefix(propertyPrefix));
        }
        return out;
    }

    /** Best effort: underscores become dots (a dash in a property name cannot be told apart). */
    private static String propertySpelling(String envName) {
        return envName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public static final class Builder {
        private final Map<String, String> code = new LinkedHashMap<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private SecretsConfig fallback;

        private Builder() {}

        public Builder code(Map<String, String> values) {
            code.putAll(values);
            return this;
        }

        public Builder systemProperties() {
            return systemProperties(System.getProperties());
        }

        public Builder systemProperties(Properties props) {
            for (String name : props.stringPropertyNames()) {
                systemProperties.put(name, props.getProperty(name));
            }
            return this;
        }

        public Builder environment() {
            return environment(System.getenv());
        }

        public Builder environment(Map<String, String> env) {
            environment.putAll(env);
            return this;
        }

        public Builder fallback(SecretsConfig config) {
            this.fallback = config;
            return this;
        }

        public LayeredSecretsConfig build() {
            return new LayeredSecretsConfig(this);
        }
    }
}
