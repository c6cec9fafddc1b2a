package dev.arcanum.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.test.LeakDetector;
import dev.arcanum.secrets.vault.fake.VaultFake;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VaultKvV2Test {
    private VaultFake fake;
    private VaultSecretProvider vault;

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @BeforeEach
    void start() {
        fake = VaultFake.start(VaultFake.Options.defaults());
        vault = new VaultTestSupport(fake).provider();
        leaks.watch(fake.rootToken(), "s3cr3t-pw", "plain-value-1", "plain-value-2");
    }

    @AfterEach
    void stop() {
        vault.close();
        fake.close();
    }

    @Test
    void readsFieldOfAnEntryWrittenByOtherTools() {
        fake.putKv2("secret", "app/db", Map.of("username", "app", "password", "s3cr3t-pw"));

        Secret s = vault.get("app/db#password");

        assertThat(s.value()).isEqualTo("s3cr3t-pw");
        assertThat(s.key()).isEqualTo("app/db#password");
        assertThat(s.version()).isEqualTo("1");
        assertThat(s.metadata().createdAt()).isNotNull();
        assertThat(fake.count("GET", "/v1/secret/data/app/db")).isEqualTo(1);
    }

    @Test
    void aMultiFieldEntryWithoutFieldFailsNamingTheFieldsNotTheValues() {
        fake.putKv2("secret", "app/db", Map.of("username", "app", "password", "s3cr3t-pw"));

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("[password, username]")
                .hasMessageNotContaining("s3cr3t-pw");
        assertThatThrownBy(() -> vault.get("app/db#nope"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("no field 'nope'");
    }

    @Test
    void plainValuesRoundTripThroughTheValueField() {
        SecretMetadata m1 = vault.put("app/token", "plain-value-1");
        SecretMetadata m2 = vault.put("app/token", "plain-value-2");

        assertThat(m1.version()).isEqualTo("1");
        assertThat(m2.version()).isEqualTo("2");
        assertThat(fake.kv2Data("secret", "app/token")).isEqualTo(Map.of("value", "plain-value-2"));
        assertThat(vault.get("app/token").value()).isEqualTo("plain-value-2");
        assertThat(vault.get("app/token").version()).isEqualTo("2");
        assertThat(vault.getVersion("app/token", "1").value()).isEqualTo("plain-value-1");
        assertThat(fake.requests()).anyMatch(r -> "version=1".equals(r.query()));
    }

    @Test
    void aJsonObjectOfStringsIsStoredAsTheEntryMap() {
        vault.put("app/db", "{\"username\":\"app\",\"password\":\"s3cr3t-pw\"}");

        assertThat(fake.kv2Data("secret", "app/db")).isEqualTo(Map.of("username", "app", "password", "s3cr3t-pw"));
        assertThat(vault.get("app/db#username").value()).isEqualTo("app");
        // Not an object of strings: kept whole.
        vault.put("app/cfg", "{\"n\":1}");
        assertThat(vault.get("app/cfg").value()).isEqualTo("{\"n\":1}");
    }

    @Test
    void putIfAbsentUsesCheckAndSetZero() {
        assertThat(vault.putIfAbsent("seed/key", "plain-value-1", SecretScope.DEFAULT))
                .isTrue();
        assertThat(vault.putIfAbsent("seed/key", "other", SecretScope.DEFAULT)).isFalse();

        assertThat(vault.get("seed/key").value()).isEqualTo("plain-value-1");
        assertThat(fake.count("POST", "/v1/secret/data/seed/key")).isEqualTo(2);
    }

    @Test
    void putIfAbsentTakesOverASoftDeletedEntry() {
        vault.put("seed/key", "old");
        vault.delete("seed/key");

        assertThat(vault.putIfAbsent("seed/key", "plain-value-1", SecretScope.DEFAULT))
                .isTrue();
        assertThat(vault.get("seed/key").value()).isEqualTo("plain-value-1");
        assertThat(vault.get("seed/key").version()).isEqualTo("2");
    }

    @Test
    void softDeleteIsReportedAsDeletedNotAsAPlainMiss() {
        vault.put("app/gone", "plain-value-1");

        assertThat(vault.delete("app/gone")).isTrue();
        assertThat(fake.count("DELETE", "/v1/secret/data/app/gone")).isEqualTo(1);
        assertThat(vault.exists("app/gone")).isFalse();
        assertThat(vault.delete("app/gone")).isFalse();
        assertThatThrownBy(() -> vault.get("app/gone"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'app/gone' version 1 was deleted at 2026-01-01T00:00:00Z"
                        + " (Vault secret/data/app/gone, HTTP 404)");
        assertThatThrownBy(() -> vault.get("app/never"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'app/never' not found in scope 'default' (Vault secret, path app/never)");
    }

    @Test
    void destroyedVersionsSaySo() {
        vault.put("app/x", "v1");
        vault.put("app/x", "v2");
        fake.destroyKv2("secret", "app/x", 1);

        assertThatThrownBy(() -> vault.getVersion("app/x", "1", SecretScope.DEFAULT))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("version 1 was destroyed");
        assertThatThrownBy(() -> vault.getVersion("app/x", "7", SecretScope.DEFAULT))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("version 7 not found");
    }

    @Test
    void listWalksFoldersSkipsDeletedEntriesAndOtherScopes() {
        vault.put("a", "1");
        vault.put("app/db", "2");
        vault.put("app/nested/deep", "3");
        vault.put("app/deleted", "4");
        vault.delete("app/deleted");
        vault.put("in-db-scope", "5", SecretScope.DATABASE);

        List<SecretMetadata> list = vault.list(SecretScope.DEFAULT);

        assertThat(list).extracting(SecretMetadata::key).containsExactly("a", "app/db", "app/nested/deep");
        assertThat(list).extracting(SecretMetadata::version).containsExactly("1", "1", "1");
        assertThat(vault.list(SecretScope.DATABASE))
                .extracting(SecretMetadata::key)
                .containsExactly("in-db-scope");
        assertThat(vault.list(SecretScope.of("empty"))).isEmpty();
    }

    @Test
    void scopesArePathPrefixesUnderTheMount() {
        vault.put("api-key", "plain-value-1", SecretScope.THIRD_PARTY_API);

        assertThat(fake.kv2Data("secret", "third-party-api/api-key")).isEqualTo(Map.of("value", "plain-value-1"));
        assertThat(vault.exists("api-key", SecretScope.DEFAULT)).isFalse();
        assertThat(vault.get("api-key", SecretScope.THIRD_PARTY_API).value()).isEqualTo("plain-value-1");
    }

    @Test
    void getManyReadsEachPathOnce() {
        fake.putKv2("secret", "app/db", Map.of("username", "app", "password", "s3cr3t-pw"));
        fake.putKv2("secret", "app/api", Map.of("value", "k"));

        Map<String, Secret> got =
                vault.getMany(List.of("app/db#username", "app/db#password", "app/api", "app/missing", "app/db#nope"));

        assertThat(got).containsOnlyKeys("app/db#username", "app/db#password", "app/api");
        assertThat(got.get("app/db#password").value()).isEqualTo("s3cr3t-pw");
        assertThat(fake.count("GET", "/v1/secret/data/app/db")).isEqualTo(1);
        assertThat(fake.count("GET", "/v1/secret/data/app/api")).isEqualTo(1);
        assertThat(fake.count("GET", "/v1/secret/data/app/missing")).isEqualTo(1);
    }

    @Test
    void getManyThrowsAccessDeniedInsteadOfLeavingTheKeyOut() {
        fake.putKv2("secret", "app/open", Map.of("value", "plain-value-1"));
        fake.putKv2("secret", "locked/db", Map.of("value", "plain-value-2"));
        fake.deny("secret/data/locked");

        assertThatThrownBy(() -> vault.getMany(List.of("app/open", "locked/db")))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("secret/data/locked/db");
    }

    @Test
    void badInputFailsBeforeAnyNetworkCall() {
        assertThatThrownBy(() -> vault.get("../etc/passwd")).isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> vault.getMany(List.of("ok", "bad key"))).isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> vault.put("a#field", "v")).isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> vault.put("big", "x".repeat(VaultSecretProvider.MAX_VALUE_BYTES + 1)))
                .isInstanceOf(InvalidSecretValueException.class)
                .hasMessage("The value for 'big' is larger than 524288 bytes, the most this provider writes to one"
                        + " Vault KV entry");
        assertThatThrownBy(() -> vault.getVersion("a", "latest"))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessage("Invalid version 'latest' for 'a': Vault KV versions are whole numbers from 1");
        assertThatThrownBy(() -> vault.putAll(Map.of("ok", "1", "bad//key", "2"), SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretKeyException.class);
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void putAllCountsCreatedAndUpdated() {
        vault.put("x", "1");

        var result = vault.putAll(Map.of("x", "2", "y", "3"), SecretScope.DEFAULT);

        assertThat(result.created()).containsExactly("y");
        assertThat(result.updated()).containsExactly("x");
    }

    @Test
    void sendsTheTokenHeaderAndNoNamespaceByDefault() {
        vault.put("x", "1");

        assertThat(fake.requests()).allMatch(VaultFake.RecordedRequest::hadToken);
        assertThat(fake.requests()).allMatch(r -> r.namespace() == null);
    }
}
