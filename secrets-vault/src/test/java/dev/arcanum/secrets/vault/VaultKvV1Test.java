package dev.arcanum.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.test.LeakDetector;
import dev.arcanum.secrets.vault.fake.VaultFake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VaultKvV1Test {
    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    private VaultFake fake;
    private VaultTestSupport support;
    private VaultSecretProvider vault;

    @BeforeEach
    void start() {
        fake = VaultFake.start(VaultFake.Options.defaults());
        support = new VaultTestSupport(fake);
        vault = support.with("secrets.vault.kv.mount", "kv")
                .with("secrets.vault.kv.version", "1")
                .provider();
        leaks.watch(fake.rootToken(), "v1-value-1");
    }

    @AfterEach
    void stop() {
        vault.close();
        fake.close();
    }

    @Test
    void storesTheFlatMapAtTheMountPath() {
        SecretMetadata m = vault.put("app/db", "{\"user\":\"app\",\"password\":\"v1-value-1\"}");

        assertThat(m.version()).isNull();
        assertThat(fake.count("POST", "/v1/kv/app/db")).isEqualTo(1);
        var read = vault.get("app/db#password");
        assertThat(read.value()).isEqualTo("v1-value-1");
        assertThat(read.version()).isNull();
        assertThat(fake.count("GET", "/v1/kv/app/db")).isEqualTo(1);
    }

    @Test
    void keepsNoVersions() {
        vault.put("app/x", "v1-value-1");

        assertThatThrownBy(() -> vault.getVersion("app/x", "1", SecretScope.DEFAULT))
                .isExactlyInstanceOf(SecretException.class)
                .hasMessage("Provider 'vault' reads a KV version 1 mount ('kv'), which keeps no versions; read 'app/x'"
                        + " without a version");
    }

    @Test
    void putIfAbsentChecksThenWrites() {
        assertThat(vault.putIfAbsent("seed", "v1-value-1", SecretScope.DEFAULT)).isTrue();
        assertThat(vault.putIfAbsent("seed", "other", SecretScope.DEFAULT)).isFalse();

        assertThat(vault.get("seed").value()).isEqualTo("v1-value-1");
        assertThat(fake.count("POST", "/v1/kv/seed")).isEqualTo(1);
    }

    @Test
    void deleteAndListWalkFolders() {
        vault.put("a/b/c", "1");
        vault.put("a/d", "2");
        vault.put("z", "3");

        assertThat(vault.list(SecretScope.DEFAULT))
                .extracting(SecretMetadata::key)
                .containsExactly("a/b/c", "a/d", "z");
        assertThat(vault.delete("a/d")).isTrue();
        assertThat(vault.list(SecretScope.DEFAULT))
                .extracting(SecretMetadata::key)
                .containsExactly("a/b/c", "z");
        assertThat(fake.count("DELETE", "/v1/kv/a/d")).isEqualTo(1);
    }

    @Test
    void aKv2MountReadAsV1SaysWhatToCheck() {
        vault.close();
        vault = support.with("secrets.vault.kv.mount", "secret")
                .with("secrets.vault.kv.version", "2")
                .provider();
        VaultSecretProvider asV2OnV1 = support.with("secrets.vault.kv.mount", "kv")
                .with("secrets.vault.kv.version", "2")
                .provider();
        fake.putKv1("kv", "data/app", Map.of("value", "v1-value-1"));

        assertThatThrownBy(() -> asV2OnV1.get("app"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("Vault GET kv/data/app returned HTTP 200 without data.metadata; is kv a KV version 2 mount?"
                        + " (set secrets.vault.kv.version=1 for KV v1)");
        asV2OnV1.close();
    }

    @Test
    void getManyKeepsAtMostMaxInFlightReadsOpen() {
        vault.close();
        vault = support.with("secrets.vault.max-in-flight", "2").provider();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fake.putKv1("kv", "bulk/k" + i, Map.of("value", "v" + i));
            keys.add("bulk/k" + i);
        }
        vault.exists("warm-up"); // token lookup done before measuring
        fake.delay("/v1/kv/bulk/.*", Duration.ofMillis(100));
        fake.resetRequests();

        assertThat(vault.getMany(keys)).hasSize(8);

        assertThat(fake.maxConcurrentRequests()).isBetween(1, 2);
        assertThat(fake.requests()).hasSize(8);
    }
}
