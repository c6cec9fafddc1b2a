package dev.arcanum.secrets.vault;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;
import javax.net.ssl.SSLContext;

/**
 * Discovers the {@code vault} provider and its aliases {@code vault_dev} (address defaults to {@code
 * http://127.0.0.1:8200}; warns when pointed elsewhere) and {@code vault_hcp} (namespace defaults to
 * {@code admin}; https only). The constructor does no I/O; {@link #create} validates every setting
 * and reports all failures in one {@link dev.arcanum.secrets.SecretConfigurationException}, and
 * contacts Vault only at the first call of the provider.
 *
 * <p>Thread-safe.
 */
public final class VaultSecretProviderFactory implements SecretProviderFactory {
    /** Creates the factory; no I/O. */
    public VaultSecretProviderFactory() {}

    @Override
    public String name() {
        return "vault";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("vault_dev", "vault_hcp");
    }

    @Override
    public List<Setting> settings() {
        return VaultSettings.all();
    }

    @Override
    public SecretProvider create(SecretsConfig config) {
        SecureRandom random = new SecureRandom();
        return create(config, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), random::nextDouble);
    }

    static VaultSecretProvider create(
            SecretsConfig config, Clock clock, VaultClient.Sleeper sleeper, DoubleSupplier jitter) {
        String selected = config.get("secrets.provider");
        String alias = selected != null && Set.of("vault_dev", "vault_hcp").contains(selected.trim())
                ? selected.trim()
                : "vault";
        VaultOptions options = VaultOptions.from(alias, config);
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(options.connectTimeout)
                .version(options.httpVersion)
                .followRedirects(HttpClient.Redirect.NEVER);
        SSLContext tls = VaultTls.context(options.caCert, options.clientCert, options.clientKey);
        if (tls != null) {
            http.sslContext(tls);
        }
        VaultClient client = new VaultClient(options, http.build(), clock, sleeper, jitter);
        return new VaultSecretProvider(options, client);
    }
}
