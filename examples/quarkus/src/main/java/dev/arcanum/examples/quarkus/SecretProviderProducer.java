package dev.arcanum.examples.quarkus;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Wires a {@link SecretProvider} bean from MicroProfile Config: every {@code secrets.*} setting (and
 * each backend's conventional variables such as {@code VAULT_ADDR}) is read through Quarkus's
 * config, so {@code application.properties}, profiles, system properties and the environment all
 * work with the library's own names.
 */
@ApplicationScoped
public class SecretProviderProducer {

    // @Singleton, not @ApplicationScoped: a client proxy would implement SecretProvider only, and
    // code that writes needs the real object to see that it is a SecretStore.
    @Produces
    @Singleton
    SecretProvider secretProvider(Config config) {
        SecretsConfig settings =
                name -> config.getOptionalValue(name, String.class).orElse(null);
        return SecretProviders.builder().config(settings).build();
    }

    void close(@Disposes SecretProvider provider) {
        provider.close();
    }
}
