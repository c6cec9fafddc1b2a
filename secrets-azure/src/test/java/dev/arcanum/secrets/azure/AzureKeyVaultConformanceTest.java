package dev.arcanum.secrets.azure;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.azure.fake.KeyVaultFake;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance kit against the HTTPS {@link KeyVaultFake}, through the unmodified SDK {@code
 * SecretClient}, with TLS verification on (the fake's self-signed certificate trusted through the
 * CA bundle setting) and purge-on-delete on, so a deleted name can be written again.
 */
class AzureKeyVaultConformanceTest extends SecretProviderConformanceKit {
    private static KeyVaultFake fake;

    /** Empties the backend before the kit's own {@code @BeforeEach} opens the test's provider. */
    @RegisterExtension
    static final BeforeEachCallback EMPTY_BACKEND = context -> fake.reset();

    @BeforeAll
    static void startFake() {
        fake = KeyVaultFake.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Override
    protected SecretProvider newProvider() {
        var settings = AzureFakeSupport.settings(fake);
        settings.put("secrets.azure.purge-on-delete", "true");
        return AzureFakeSupport.provider(settings, java.time.Clock.systemUTC());
    }

    @Override
    protected Collection<String> credentials() {
        List<String> c = new ArrayList<>(fake.knownTokens());
        c.add(fake.identityHeader());
        return c;
    }

    @Override
    protected long backendCallCount() {
        return fake.requests().size();
    }
}
