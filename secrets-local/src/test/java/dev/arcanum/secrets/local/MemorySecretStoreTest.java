package dev.arcanum.secrets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SignedPayload;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MemorySecretStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private final MemorySecretStore store = new MemorySecretStore(Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void versionsAreNumberedPerKeyAndAllKept() {
        SecretMetadata m1 = store.put("a", "v1");
        store.put("a", "v2");
        SecretMetadata m3 = store.put("a", "v3");
        SecretMetadata other = store.put("b", "x");
        assertThat(m1.version()).isEqualTo("1");
        assertThat(m3.version()).isEqualTo("3");
        assertThat(other.version()).isEqualTo("1");
        assertThat(m3.createdAt()).isEqualTo(T0);
        assertThat(m3.updatedAt()).isEqualTo(T0);
        assertThat(store.getVersion("a", "1").value()).isEqualTo("v1");
        assertThat(store.getVersion("a", "2").value()).isEqualTo("v2");
        assertThat(store.get("a").version()).isEqualTo("3");
        assertThatThrownBy(() -> store.getVersion("a", "latest"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'a' has no version 'latest' in scope 'default': versions of provider 'memory'"
                        + " are numbers 1, 2, …");
    }

    @Test
    void deletingAKeyDropsItsVersionsAndRecreatingStartsAgain() {
        store.put("a", "v1");
        store.put("a", "v2");
        assertThat(store.delete("a")).isTrue();
        assertThatThrownBy(() -> store.getVersion("a", "1"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'a' not found in scope 'default' of provider 'memory'");
        assertThat(store.put("a", "again").version()).isEqualTo("1");
        assertThatThrownBy(() -> store.getVersion("a", "2"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'a' has no version 2 in scope 'default'");
    }

    @Test
    void scopesAreIsolated() {
        store.put("k", "default-value", SecretScope.DEFAULT);
        store.put("k", "db-value", SecretScope.DATABASE);
        assertThat(store.get("k", SecretScope.DATABASE).value()).isEqualTo("db-value");
        assertThat(store.get("k").value()).isEqualTo("default-value");
        assertThat(store.exists("k", SecretScope.THIRD_PARTY_API)).isFalse();
        assertThat(store.delete("k", SecretScope.DATABASE)).isTrue();
        assertThat(store.get("k").value()).isEqualTo("default-value");
    }

    @Test
    void fieldSelectionAndWritesWithAFieldAreRejected() {
        store.put("db", "{\"user\":\"app\",\"port\":5432}");
        assertThat(store.get("db#port").value()).isEqualTo("5432");
        assertThat(store.getMany(List.of("db#user", "db#missing", "nope"))).containsOnlyKeys("db#user");
        assertThatThrownBy(() -> store.put("db#user", "x"))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessage("Invalid key 'db#user': writes take a key without '#field'");
    }

    @Test
    void tooLargeValuesAreRejectedWithoutTheValue() {
        String big = "é".repeat(VersionedStore.MAX_VALUE_BYTES / 2 + 1);
        assertThatThrownBy(() -> store.put("big", big))
                .isInstanceOf(InvalidSecretValueException.class)
                .hasMessage("The value for 'big' is 1048578 bytes; a local store value holds at most 1048576 bytes");
        assertThatThrownBy(() -> store.putAll(Map.of("ok", "fine", "big", big), SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretValueException.class);
        assertThat(store.exists("ok"))
                .as("putAll validates everything before writing")
                .isFalse();
    }

    @Test
    void putIfAbsentIsAtomicUnderContention() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String v = "v" + i;
                tasks.add(() -> store.putIfAbsent("race", v, SecretScope.DEFAULT));
            }
            int created = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                created += f.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
            assertThat(store.get("race").version()).isEqualTo("1");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signaturesVerifyAcrossAKeyRotation() {
        byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
        SignedPayload before = store.sign(payload, SecretPurpose.CLI_BRIDGE);
        assertThat(before.metadata()).containsEntry(SignedPayload.KEY_VERSION, "1");
        store.put("signing-keys/cli-bridge", "cm90YXRlZC1rZXktcm90YXRlZC1rZXktcm90YXRlZC1rZXk=");
        assertThat(store.verify(payload, before.signature(), SecretPurpose.CLI_BRIDGE))
                .isTrue();
        assertThat(store.verify(payload, before.signature(), SecretPurpose.SERVICE_ACCOUNT_ISSUANCE))
                .isFalse();
    }

    @Test
    void healthAndToStringShowCountsOnly() {
        store.put("a", "secret-value-1");
        store.put("b", "secret-value-2", SecretScope.DATABASE);
        assertThat(store.healthCheck().details()).containsEntry("secrets", 2).containsEntry("scopes", 2);
        assertThat(store.toString()).isEqualTo("MemorySecretStore{secrets=2}");
    }

    @Test
    void theThreeProvidersAreDiscoveredAndMemoryIsSelectedByName() {
        assertThat(SecretProviders.available()).contains("memory", "local", "dotenv");
        try (SecretProvider p = SecretProviders.builder().provider("memory").build()) {
            assertThat(p.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
            assertThatThrownBy(() -> p.get("absent")).isInstanceOf(SecretNotFoundException.class);
        }
    }
}
