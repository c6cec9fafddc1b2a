package dev.arcanum.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.cache.CachingSecretProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SecretChangedEventTest {

    @Configuration(proxyBeanMethods = false)
    static class App {
        final SecretStore backend = (SecretStore) SecretProviders.builder()
                .provider("memory")
                .setting("secrets.cache.ttl", "0")
                .build();
        final List<SecretChangedEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        SecretProvider secretProvider() {
            // Runs listeners on the refreshing thread so the test needs no waiting.
            return CachingSecretProvider.builder(backend)
                    .ttl(Duration.ofMinutes(5))
                    .executor(Runnable::run)
                    .build();
        }

        @Bean
        ApplicationListener<SecretChangedEvent> collector() {
            return events::add;
        }
    }

    @Test
    void aRefreshThatFindsANewVersionIsPublishedWithTheKeyAndVersionOnly() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecretsAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .run(ctx -> {
                    App app = ctx.getBean(App.class);
                    app.backend.put("db/password", "old-pw-1");
                    CachingSecretProvider cache = (CachingSecretProvider) ctx.getBean(SecretProvider.class);
                    assertThat(cache.get("db/password").value()).isEqualTo("old-pw-1");
                    assertThat(ctx.getBean(SecretChangePublisher.class).watch("db/password"))
                            .isTrue();

                    cache.refresh("db/password");
                    assertThat(app.events).isEmpty();

                    app.backend.put("db/password", "new-pw-2");
                    cache.refresh("db/password");
                    assertThat(app.events).hasSize(1);
                    SecretChangedEvent event = app.events.get(0);
                    assertThat(event.getKey()).isEqualTo("db/password");
                    assertThat(event.getVersion()).isEqualTo("2");
                    assertThat(event.toString()).doesNotContain("new-pw-2");
                });
    }
}
