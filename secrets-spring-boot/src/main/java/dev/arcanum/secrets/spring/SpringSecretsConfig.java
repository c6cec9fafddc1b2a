package dev.arcanum.secrets.spring;

import dev.arcanum.secrets.SecretsConfig;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Settings from the Spring {@code Environment}: application properties, profiles, system
 * properties and environment variables in Spring's own order, with the same names as outside
 * Spring. Our own {@code ${secret:…}} source is skipped so reading settings never reads secrets.
 */
final class SpringSecretsConfig implements SecretsConfig {
    private final ConfigurableEnvironment environment;

    SpringSecretsConfig(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public String get(String name) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof SecretPropertySource) {
                continue;
            }
            Object value = source.getProperty(name);
            if (value == null && name.contains(".")) {
                value = source.getProperty(SecretsConfig.environmentName(name));
            }
            if (value != null) {
                String text = environment.resolvePlaceholders(value.toString());
                if (!text.isBlank()) {
                    return text;
                }
            }
        }
        return null;
    }

    @Override
    public Set<String> namesWithPrefix(String propertyPrefix) {
        Set<String> out = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable && !(source instanceof SecretPropertySource)) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.startsWith(propertyPrefix)) {
                        out.add(name);
                    }
                }
            }
        }
        return out;
    }
}
