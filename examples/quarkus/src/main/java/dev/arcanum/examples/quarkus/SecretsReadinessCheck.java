package dev.arcanum.examples.quarkus;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while the secrets backend cannot serve reads. {@code healthCheck()} never throws. */
@Readiness
@ApplicationScoped
public class SecretsReadinessCheck implements HealthCheck {

    @Inject
    SecretProvider secrets;

    @Override
    public HealthCheckResponse call() {
        SecretProviderHealth health = secrets.healthCheck();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("secrets")
                .status(health.isUsable())
                .withData("provider", secrets.name())
                .withData("status", health.status().name())
                .withData("message", health.message());
        return b.build();
    }
}
