package dev.arcanum.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretProvider;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        classes = SecretsAutoConfigurationTest.App.class,
        properties = {"app.db.password=${secret:prod/db#password}", "app.token=Bearer ${secret:api/token}"})
class SecretsAutoConfigurationTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void seed() {
        LocalStoreFixture.write(
                dir, Map.of("prod/db", "{\"user\":\"app\",\"password\":\"pw-local-4711\"}", "api/token", "tok-42"));
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        LocalStoreFixture.register(dir, registry);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {}

    @Autowired
    SecretProvider secrets;

    @Value("${app.db.password}")
    String password;

    @Value("${app.token}")
    String token;

    @Test
    void injectsTheLocalStoreAndResolvesPlaceholders() {
        assertThat(secrets.name()).isEqualTo("local");
        assertThat(password).isEqualTo("pw-local-4711");
        assertThat(token).isEqualTo("Bearer tok-42");
        assertThat(secrets.get("prod/db#user").value()).isEqualTo("app");
    }
}
