package dev.arcanum.examples.quarkus;

import dev.arcanum.secrets.SecretProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Application code: depends on the SPI only, never on a backend. */
@ApplicationScoped
public class GreetingService {

    @Inject
    SecretProvider secrets;

    /**
     * @return a greeting built from the secret {@code app/greeting}
     */
    public String greeting() {
        return secrets.get("app/greeting").value() + ", from " + secrets.name();
    }
}
