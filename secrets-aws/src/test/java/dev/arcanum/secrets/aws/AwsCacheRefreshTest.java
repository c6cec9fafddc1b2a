package dev.arcanum.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.aws.fake.SecretsManagerFake;
import dev.arcanum.secrets.cache.CachingSecretProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core cache over this provider: refreshes probe with DescribeSecret and read only on change. */
class AwsCacheRefreshTest {
    private SecretsManagerFake fake;
    private CachingSecretProvider cache;

    @BeforeEach
    void start() {
        fake = new SecretsManagerFake().start();
        cache = CachingSecretProvider.builder(FakeBackedProviders.provider(fake))
                .ttl(Duration.ofMinutes(5))
                .executor(Runnable::run)
                .build();
    }

    @AfterEach
    void stop() {
        cache.close();
        fake.close();
    }

    @Test
    void refreshingAnUnchangedSecretIsOneDescribeSecretAndNoGetSecretValue() {
        fake.seed("prod/db", "{\"password\":\"unchanged-pw-1e0c\"}");
        assertThat(cache.get("prod/db#password").value()).isEqualTo("unchanged-pw-1e0c");
        fake.clearCalls();

        Secret refreshed = cache.refresh("prod/db#password");

        assertThat(refreshed.value()).isEqualTo("unchanged-pw-1e0c");
        assertThat(fake.count("DescribeSecret")).isEqualTo(1);
        assertThat(fake.count("GetSecretValue")).isZero();
        assertThat(fake.calls()).hasSize(1);
    }

    @Test
    void aNewAwsCurrentIsReadOnceAndAnnounced() {
        String v1 = fake.seed("prod/api", "token-one-7d2e");
        List<String> changes = new ArrayList<>();
        cache.onChange("prod/api", (previous, current) -> changes.add(previous.version() + "->" + current.version()));
        cache.get("prod/api");
        String v2;
        try (AwsSecretsManagerProvider rotator = FakeBackedProviders.provider(fake)) {
            v2 = rotator.put("prod/api", "token-two-5a91").version(); // a rotation the cache does not see
        }
        fake.clearCalls();

        Secret refreshed = cache.refresh("prod/api");

        assertThat(refreshed.value()).isEqualTo("token-two-5a91");
        assertThat(refreshed.version()).isEqualTo(v2);
        assertThat(fake.count("DescribeSecret")).isEqualTo(1);
        assertThat(fake.count("GetSecretValue")).isEqualTo(1);
        assertThat(changes).containsExactly(v1 + "->" + v2);
    }
}
