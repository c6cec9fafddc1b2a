package dev.arcanum.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

class SecretsDisabledTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {}

    @Test
    void disabledMeansNoBeanNoPropertySourceAndNoBackendCall() {
        int created = CountingProviderFactory.CREATED.get();
        int calls = CountingProviderFactory.CALLS.get();
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext ctx = app.run("--secrets.enabled=false", "--secrets.provider=counting")) {
            assertThat(ctx.getBeanNamesForType(SecretProvider.class)).isEmpty();
            assertThat(ctx.getEnvironment().getPropertySources().contains(SecretPropertySource.NAME))
                    .isFalse();
        }
        assertThat(CountingProviderFactory.CREATED.get()).isEqualTo(created);
        assertThat(CountingProviderFactory.CALLS.get()).isEqualTo(calls);
    }

    @Test
    void disabledAlsoHoldsForTheAutoConfigurationAlone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecretsAutoConfiguration.class))
                .withPropertyValues("secrets.enabled=false", "secrets.provider=counting")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(SecretProvider.class));
    }

    @Test
    void enabledBuildsTheSelectedProviderOnceAndClosesItWithTheContext() {
        int created = CountingProviderFactory.CREATED.get();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecretsAutoConfiguration.class))
                .withPropertyValues("secrets.provider=counting", "secrets.cache.ttl=0")
                .run(ctx -> assertThat(ctx).hasSingleBean(SecretProvider.class));
        assertThat(CountingProviderFactory.CREATED.get()).isEqualTo(created + 1);
    }
}
