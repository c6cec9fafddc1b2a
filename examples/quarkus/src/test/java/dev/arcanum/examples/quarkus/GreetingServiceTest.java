package dev.arcanum.examples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GreetingServiceTest {

    @Inject
    SecretProvider secrets;

    @Inject
    GreetingService greetings;

    @Inject
    @Readiness
    SecretsReadinessCheck readiness;

    @Test
    void readsASecretThroughTheProducedBean() {
        assertThat(secrets.name()).isEqualTo("memory");
        ((SecretStore) secrets).put("app/greeting", "hello from a secret");
        assertThat(greetings.greeting()).isEqualTo("hello from a secret, from memory");
    }

    @Test
    void readinessFollowsTheProvidersHealth() {
        HealthCheckResponse response = readiness.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData()).hasValueSatisfying(d -> assertThat(d).containsEntry("provider", "memory"));
    }
}
