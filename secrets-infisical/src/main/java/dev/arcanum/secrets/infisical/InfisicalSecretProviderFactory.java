package dev.arcanum.secrets.infisical;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Creates the Infisical provider: {@code SECRETS_PROVIDER=infisical}, or the aliases {@code
 * infisical_cloud} (default site {@code https://app.infisical.com}, {@code eu} region selectable)
 * and {@code infisical_self_host} (the site URL is required).
 *
 * <p>The constructor does no I/O and reads no setting; {@link #create} validates every setting and
 * reports all failures at once, then builds the provider without calling the server (the first
 * call logs in).
 */
public final class InfisicalSecretProviderFactory implements SecretProviderFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public InfisicalSecretProviderFactory() {}

    @Override
    public String name() {
        return "infisical";
    }

    @Override
    public Set<String> aliases() {
        return Set.of(InfisicalConfig.CLOUD, InfisicalConfig.SELF_HOST);
    }

    @Override
    public List<Setting> settings() {
        return InfisicalSettings.all();
    }

    @Override
    public SecretProvider create(SecretsConfig config) {
        return create(config, Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** Builds with an injected clock and sleeper, so tests control time and never wait. */
    static InfisicalSecretProvider create(SecretsConfig config, Clock clock, Sleeper sleeper) {
        InfisicalConfig c = InfisicalConfig.from(config);
        HttpClient http = InfisicalTransport.newHttpClient(c);
        InfisicalTransport transport = new InfisicalTransport(c, http, sleeper);
        transport.tokens(new InfisicalTokens(c, transport, clock));
        return new InfisicalSecretProvider(c, transport);
    }
}
