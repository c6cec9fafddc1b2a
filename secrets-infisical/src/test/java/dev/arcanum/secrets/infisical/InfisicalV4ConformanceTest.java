package dev.arcanum.secrets.infisical;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.infisical.fake.InfisicalFake;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The conformance kit against the fake over the current /api/v4/secrets endpoints. */
class InfisicalV4ConformanceTest extends SecretProviderConformanceKit {
    private final List<InfisicalFake> fakes = new ArrayList<>();
    private final List<String> credentials = new ArrayList<>();
    private InfisicalFake last;

    protected String apiVersion() {
        return "v4";
    }

    @Override
    protected SecretProvider newProvider() {
        last = InfisicalFake.start();
        fakes.add(last);
        credentials.add(last.clientSecret());
        // The client secret and every access token count as credentials for the leak detector.
        leaks.watch(last.clientSecret());
        last.onTokenIssued(leaks::watch);
        return InfisicalTestSupport.provider(
                InfisicalTestSupport.settings(last, apiVersion()), Clock.systemUTC(), new RecordingSleeper());
    }

    @Override
    protected Collection<String> credentials() {
        return credentials;
    }

    @Override
    protected long backendCallCount() {
        return fakes.stream().mapToLong(InfisicalFake::requestCount).sum();
    }

    @AfterEach
    void stopFakes() {
        fakes.forEach(InfisicalFake::close);
    }
}
