package dev.arcanum.secrets.aws;

import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.aws.fake.SecretsManagerFake;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds providers over a {@link SecretsManagerFake} the way users do: through the factory and settings. */
final class FakeBackedProviders {
    /** The access key id surefire gives the SDK's default chain (system properties). */
    static final String ACCESS_KEY_ID = "AKIAFAKEFAKEFAKE0001";

    /** The secret access key surefire gives the SDK's default chain; must never be printed. */
    static final String SECRET_ACCESS_KEY = "fake/secret/access/key/never/printed/0001";

    /** Credentials the leak detector must never see. */
    static final List<String> CREDENTIALS = List.of(ACCESS_KEY_ID, SECRET_ACCESS_KEY);

    private FakeBackedProviders() {}

    /**
     * @param fake a started fake
     * @param extra settings on top of region and endpoint
     * @return a provider built by the factory
     */
    static AwsSecretsManagerProvider provider(SecretsManagerFake fake, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("secrets.provider", "aws");
        settings.put("secrets.aws.region", SecretsManagerFake.REGION);
        settings.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", fake.endpoint().toString());
        settings.putAll(extra);
        return (AwsSecretsManagerProvider) new AwsSecretsManagerProviderFactory().create(SecretsConfig.of(settings));
    }

    static AwsSecretsManagerProvider provider(SecretsManagerFake fake) {
        return provider(fake, Map.of());
    }
}
