package dev.arcanum.secrets.aws;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.aws.fake.SecretsManagerFake;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;
import java.util.Collection;
import org.junit.jupiter.api.AfterEach;

/** The conformance kit through the real SDK client, against one fresh fake per test. */
class AwsConformanceTest extends SecretProviderConformanceKit {
    private SecretsManagerFake fake;

    @Override
    protected SecretProvider newProvider() {
        if (fake == null) {
            fake = new SecretsManagerFake().start();
        }
        return FakeBackedProviders.provider(fake);
    }

    @Override
    protected Collection<String> credentials() {
        return FakeBackedProviders.CREDENTIALS;
    }

    @Override
    protected long backendCallCount() {
        return fake.calls().size();
    }

    @AfterEach
    void stopFake() {
        if (fake != null) {
            fake.close();
        }
    }
}
