package dev.arcanum.secrets.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.azure.fake.KeyVaultFake;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureKeyVaultSecretProviderTest {
    private static KeyVaultFake fake;
    private AzureKeyVaultSecretProvider provider;

    @BeforeAll
    static void startFake() {
        fake = KeyVaultFake.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void setUp() {
        fake.reset();
        provider = AzureFakeSupport.provider(fake);
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void writesAndReadsThroughTheSdkOverHttps() {
        SecretMetadata written = provider.put("prod/db-password", "s3cret", SecretScope.DEFAULT);

        Secret read = provider.get("prod/db-password");

        assertThat(read.value()).isEqualTo("s3cret");
        assertThat(read.version()).isEqualTo(written.version()).hasSize(32);
        assertThat(fake.names()).containsExactly("prod-2f-db-2d-password");
    }

    @Test
    void missingSecretIsNotFound() {
        assertThatThrownBy(() -> provider.get("nope"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("'nope'");
    }

    @Test
    void listFollowsPages() {
        fake.pageSize(2);
        for (int i = 0; i < 5; i++) {
            provider.put("k" + i, "v", SecretScope.DEFAULT);
        }
        List<SecretMetadata> listed = provider.list(SecretScope.DEFAULT);
        assertThat(listed).extracting(SecretMetadata::key).containsExactly("k0", "k1", "k2", "k3", "k4");
        fake.pageSize(25);
    }

    @Test
    void getManyReadsInParallel() {
        provider.put("a", "1", SecretScope.DEFAULT);
        provider.put("b", "2", SecretScope.DEFAULT);
        Map<String, Secret> many = provider.getMany(List.of("a", "b", "missing"));
        assertThat(many).containsOnlyKeys("a", "b");
    }
}
