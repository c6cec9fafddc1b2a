package dev.arcanum.secrets.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(
        classes = ActuatorSanitizingTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "app.db.password=${secret:prod/db#password}",
            "app.db.url=jdbc:postgresql://db/visible-url",
            "management.endpoints.web.exposure.include=env,configprops,health",
            "management.endpoint.env.show-values=always",
            "management.endpoint.configprops.show-values=always",
            "management.endpoint.health.show-details=always"
        })
class ActuatorSanitizingTest {
    private static final String PASSWORD = "pw-actuator-90210";

    @TempDir
    static Path dir;

    @BeforeAll
    static void seed() {
        LocalStoreFixture.write(dir, Map.of("prod/db", "{\"password\":\"" + PASSWORD + "\"}"));
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        LocalStoreFixture.register(dir, registry);
    }

    /** Bound from a placeholder, so the resolved password sits in a configuration-properties bean. */
    @ConfigurationProperties(prefix = "app.db")
    public record DbProperties(String url, String password) {}

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableConfigurationProperties(DbProperties.class)
    static class App {}

    @Autowired
    TestRestTemplate http;

    @Autowired
    DbProperties db;

    @Test
    void envShowsThePropertyMaskedAndOtherValuesPlain() {
        assertThat(db.password()).isEqualTo(PASSWORD);
        String env = http.getForObject("/actuator/env", String.class);
        assertThat(env).contains("jdbc:postgresql://db/visible-url").doesNotContain(PASSWORD);
        String one = http.getForObject("/actuator/env/app.db.password", String.class);
        assertThat(one).contains("******").doesNotContain(PASSWORD);
    }

    @Test
    void configpropsNeverShowsTheResolvedValue() {
        String body = http.getForObject("/actuator/configprops", String.class);
        assertThat(body).contains("visible-url").doesNotContain(PASSWORD);
    }

    @Test
    void healthReportsTheProvider() {
        String body = http.getForObject("/actuator/health", String.class);
        assertThat(body)
                .contains("\"secrets\"")
                .contains("\"provider\":\"local\"")
                .doesNotContain(PASSWORD);
    }
}
