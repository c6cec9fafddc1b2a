package dev.arcanum.secrets.spring;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviders;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Exposes a {@link SecretProvider} built from the {@code secrets.*} properties, the actuator health
 * indicator and the actuator sanitizer. {@code secrets.enabled=false} turns all of it off,
 * including the {@code ${secret:…}} property source.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "secrets", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SecretsProperties.class)
public class SecretsAutoConfiguration {

    /**
     * The provider; shared with the {@code ${secret:…}} property source so there is one per context.
     *
     * @param environment the environment holding the settings
     * @return the provider, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SecretProvider secretProvider(ConfigurableEnvironment environment) {
        PropertySource<?> source = environment.getPropertySources().get(SecretPropertySource.NAME);
        if (source instanceof SecretPropertySource secrets) {
            return secrets.provider();
        }
        return SecretProviders.builder()
                .config(new SpringSecretsConfig(environment))
                .build();
    }

    /**
     * Publishes rotation events for the keys resolved through {@code ${secret:…}}.
     *
     * @param provider the provider
     * @param environment the environment
     * @return the bridge
     */
    @Bean
    @ConditionalOnMissingBean
    public SecretChangePublisher secretChangePublisher(SecretProvider provider, ConfigurableEnvironment environment) {
        return new SecretChangePublisher(provider, environment);
    }

    /** Actuator parts, only when actuator is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Actuator {

        @Bean
        @ConditionalOnMissingBean(name = "secretsHealthIndicator")
        HealthIndicator secretsHealthIndicator(SecretProvider provider) {
            return () -> {
                SecretProviderHealth h = provider.healthCheck();
                Health.Builder b = h.status() == SecretProviderHealth.Status.UNAVAILABLE ? Health.down() : Health.up();
                b.withDetail("provider", provider.name())
                        .withDetail("status", h.status().name())
                        .withDetail("message", h.message());
                h.details().forEach(b::withDetail);
                return b.build();
            };
        }

        @Bean
        SanitizingFunction secretsSanitizingFunction(ConfigurableEnvironment environment) {
            return data -> mask(data, environment);
        }

        private static SanitizableData mask(SanitizableData data, ConfigurableEnvironment environment) {
            if (data.getValue() == null) {
                return data;
            }
            PropertySource<?> origin = data.getPropertySource();
            if (origin instanceof SecretPropertySource) {
                return data.withValue(SanitizableData.SANITIZED_VALUE);
            }
            if (origin != null) {
                Object raw = origin.getProperty(data.getKey());
                if (raw != null && dev.arcanum.secrets.SecretReferenceResolver.containsReference(raw.toString())) {
                    return data.withValue(SanitizableData.SANITIZED_VALUE);
                }
            }
            PropertySource<?> ours = environment.getPropertySources().get(SecretPropertySource.NAME);
            if (ours instanceof SecretPropertySource secrets && secrets.isResolvedValue(data.getValue())) {
                return data.withValue(SanitizableData.SANITIZED_VALUE);
            }
            return data;
        }
    }
}
