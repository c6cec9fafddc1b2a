package dev.arcanum.secrets.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Adds the {@code ${secret:…}} property source, last, unless {@code secrets.enabled=false}. Nothing
 * is built and no backend is called until a placeholder is first resolved.
 */
public final class SecretsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty("secrets.enabled", Boolean.class, Boolean.TRUE)) {
            return;
        }
        if (!environment.getPropertySources().contains(SecretPropertySource.NAME)) {
            environment.getPropertySources().addLast(new SecretPropertySource(environment));
        }
    }

    @Override
    public int getOrder() {
        // After the config data (application.yml) has been loaded, so secrets.* settings are visible.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
