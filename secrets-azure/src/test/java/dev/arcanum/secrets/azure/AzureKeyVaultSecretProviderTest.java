package dev.arcanum.secrets.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.azure.fake.KeyVaultFake;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
        fake.pageSize(25);
        provider = AzureFakeSupport.provider(fake);
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private long dataPlaneCalls() {
        return fake.requests().stream()
                .filter(r -> r.path().startsWith("/secrets") || r.path().startsWith("/deletedsecrets"))
                .count();
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
    void firstRequestIsTheChallengeWithoutTokenOrBody() {
        try (KeyVaultFake own = KeyVaultFake.start(); // a new authority: the SDK has no cached challenge for it
                AzureKeyVaultSecretProvider p = AzureFakeSupport.provider(own)) {
            p.put("k", "v", SecretScope.DEFAULT);
            p.get("k");

            List<KeyVaultFake.RecordedRequest> log = own.requests();
            assertThat(log.get(0).method()).isEqualTo("PUT");
            assertThat(log.get(0).authorized()).isFalse();
            assertThat(log.get(0).bodyBytes()).isZero();
            assertThat(log.get(1).path()).isEqualTo("/msi/token");
            assertThat(log.get(2).method()).isEqualTo("PUT");
            assertThat(log.get(2).authorized()).isTrue();
            assertThat(log.get(2).bodyBytes()).isPositive();
            // The SDK asks for the latest version with an empty version segment: a trailing slash.
            assertThat(log.get(3).path()).isEqualTo("/secrets/k/");
            assertThat(log)
                    .allMatch(r -> r.path().equals("/msi/token")
                            || r.query().get("api-version").equals("7.6"));
        }
    }

    @Test
    void tokenEndpointIsCalledOnceForManyReads() {
        provider.put("k", "v", SecretScope.DEFAULT);
        for (int i = 0; i < 25; i++) {
            provider.get("k");
        }
        provider.getMany(List.of("k", "a", "b", "c"));

        assertThat(fake.tokenRequests()).isEqualTo(1);
        assertThat(fake.requests().stream().filter(KeyVaultFake.RecordedRequest::authorized))
                .hasSizeGreaterThan(28);
    }

    @Test
    void readsAPinnedVersion() {
        SecretMetadata v1 = provider.put("k", "one", SecretScope.DEFAULT);
        provider.put("k", "two", SecretScope.DEFAULT);

        assertThat(provider.get("k").value()).isEqualTo("two");
        Secret old = provider.getVersion("k", v1.version(), SecretScope.DEFAULT);
        assertThat(old.value()).isEqualTo("one");
        assertThat(old.version()).isEqualTo(v1.version());
    }

    @Test
    void metadataCarriesContentTypeAndTags() {
        fake.seed("k", "{\"user\":\"app\",\"password\":\"pw\"}", "application/json", Map.of("env", "dev"));

        Secret s = provider.get("k#password");

        assertThat(s.value()).isEqualTo("pw");
        assertThat(s.key()).isEqualTo("k#password");
        assertThat(s.metadata().attributes())
                .containsEntry("contentType", "application/json")
                .containsEntry("tag.env", "dev")
                .containsEntry("enabled", "true")
                .containsEntry("recoveryLevel", "Recoverable+Purgeable");
        assertThat(s.metadata().createdAt()).isNotNull();
    }

    @Test
    void disabledSecretIsReportedClearly() {
        provider.put("k", "v", SecretScope.DEFAULT);
        fake.setAttributes("k", false, null);

        assertThatThrownBy(() -> provider.get("k"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Key Vault get of 'k' (vault name 'k') on " + fake.vaultUrl()
                        + " failed: the secret is disabled (attributes.enabled=false); enable it or read an enabled"
                        + " version");
        assertThat(provider.exists("k", SecretScope.DEFAULT)).isTrue();
    }

    @Test
    void expiredSecretIsReportedClearly() {
        SecretMetadata m = provider.put("k", "v", SecretScope.DEFAULT);
        Instant past = Instant.ofEpochSecond(1_700_000_000L);
        fake.setAttributes("k", true, past);

        assertThatThrownBy(() -> provider.get("k"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'k' (vault name 'k', version " + m.version() + ") on " + fake.vaultUrl()
                        + " expired at 2023-11-14T22:13:20Z (attributes.exp); store a new version or extend its"
                        + " expiry");
    }

    @Test
    void setOnASoftDeletedNameExplainsRecovery() {
        provider.put("k", "v", SecretScope.DEFAULT);
        assertThat(provider.delete("k", SecretScope.DEFAULT)).isTrue();
        assertThat(fake.deletedNames()).containsExactly("k");

        assertThatThrownBy(() -> provider.put("k", "again", SecretScope.DEFAULT))
                .isInstanceOf(SecretException.class)
                .hasMessage("Key Vault set of 'k' (vault name 'k') on " + fake.vaultUrl() + " failed: HTTP 409"
                        + " (Conflict/ObjectIsDeletedButRecoverable); a secret of that name is soft-deleted and"
                        + " recoverable, so the name cannot be reused yet: recover it (az keyvault secret recover"
                        + " --vault-name <vault> --name k) or purge it (az keyvault secret purge …;"
                        + " secrets.azure.purge-on-delete=true purges on every delete)");
    }

    @Test
    void purgeOnDeleteFreesTheName() {
        Map<String, String> settings = AzureFakeSupport.settings(fake);
        settings.put("secrets.azure.purge-on-delete", "true");
        try (AzureKeyVaultSecretProvider purging = AzureFakeSupport.provider(settings, Clock.systemUTC())) {
            purging.put("k", "v", SecretScope.DEFAULT);
            assertThat(purging.delete("k", SecretScope.DEFAULT)).isTrue();
            assertThat(fake.deletedNames()).isEmpty();
            purging.put("k", "again", SecretScope.DEFAULT);
            assertThat(purging.get("k").value()).isEqualTo("again");
        }
    }

    @Test
    void oversizedValuesAndNamesFailBeforeAnyCall() {
        long before = dataPlaneCalls();
        String big = "x".repeat(25 * 1024 + 1);
        assertThatThrownBy(() -> provider.put("k", big, SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretValueException.class)
                .hasMessage("Value for 'k' is 25601 bytes; Azure Key Vault holds at most 25600 bytes (25 KiB) per"
                        + " secret");
        assertThatThrownBy(() -> provider.putAll(Map.of("ok", "v", "big", big), SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretValueException.class);
        assertThatThrownBy(() -> provider.get("a/".repeat(40) + "b")).isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> provider.put("k#field", "v", SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretKeyException.class);
        assertThat(dataPlaneCalls()).isEqualTo(before);
        assertThat(provider.put("k", "x".repeat(25 * 1024), SecretScope.DEFAULT).version())
                .isNotNull();
    }

    @Test
    void listFollowsPagesAndMapsNamesBack() {
        fake.pageSize(2);
        for (int i = 0; i < 5; i++) {
            provider.put("dir/k_" + i, "v", SecretScope.DEFAULT);
        }
        provider.put("db", "v", SecretScope.DATABASE);
        fake.seed("made-by-another-tool", "v", null, Map.of());

        List<SecretMetadata> listed = provider.list(SecretScope.DEFAULT);

        assertThat(listed)
                .extracting(SecretMetadata::key)
                .containsExactly("dir/k_0", "dir/k_1", "dir/k_2", "dir/k_3", "dir/k_4");
        assertThat(provider.list(SecretScope.DATABASE))
                .extracting(SecretMetadata::key)
                .containsExactly("db");
        long listPages = fake.requests().stream()
                .filter(r -> r.authorized() && r.path().equals("/secrets"))
                .count();
        assertThat(listPages).isEqualTo(8); // 7 names in pages of 2 = 4 pages, listed twice
        assertThat(fake.requests().stream().filter(r -> r.query().containsKey("$skiptoken")))
                .isNotEmpty();
    }

    @Test
    void getManyLeavesOutAbsentKeys() {
        provider.put("a", "1", SecretScope.DEFAULT);
        provider.put("b", "2", SecretScope.DEFAULT);
        Map<String, Secret> many = provider.getMany(List.of("a", "b", "missing", "a"));
        assertThat(many.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()
                        .value())))
                .isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void putAllCountsCreatedAndUpdated() {
        provider.put("old", "1", SecretScope.DEFAULT);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("old", "2");
        values.put("new", "3");
        BulkResult r = provider.putAll(values, SecretScope.DEFAULT);
        assertThat(r.created()).containsExactly("new");
        assertThat(r.updated()).containsExactly("old");
    }

    @Test
    void putIfAbsentDoesNotOverwrite() {
        assertThat(provider.putIfAbsent("k", "first", SecretScope.DEFAULT)).isTrue();
        assertThat(provider.putIfAbsent("k", "second", SecretScope.DEFAULT)).isFalse();
        assertThat(provider.get("k").value()).isEqualTo("first");
    }

    @Test
    void verifyAcceptsTheCurrentAndThePreviousSigningKey() {
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        SignedPayload before = provider.sign(payload, SecretPurpose.CLI_BRIDGE);
        String key = "signing-keys/" + SecretPurpose.CLI_BRIDGE.name();
        assertThat(fake.names()).contains("signing-2d-keys-2f-cli-2d-bridge");

        provider.put(key, Base64.getEncoder().encodeToString(new byte[32]), SecretScope.DEFAULT);
        try (AzureKeyVaultSecretProvider fresh = AzureFakeSupport.provider(fake)) {
            SignedPayload after = fresh.sign(payload, SecretPurpose.CLI_BRIDGE);
            assertThat(after.metadata().get(SignedPayload.KEY_VERSION))
                    .isNotEqualTo(before.metadata().get(SignedPayload.KEY_VERSION));
            assertThat(fresh.verify(payload, after.signature(), SecretPurpose.CLI_BRIDGE))
                    .isTrue();
            assertThat(fresh.verify(payload, before.signature(), SecretPurpose.CLI_BRIDGE))
                    .isTrue();

            // A second rotation: the first key is now two versions old and no longer accepted.
            fresh.put(
                    key,
                    Base64.getEncoder().encodeToString(new byte[] {
                        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                        27, 28, 29, 30, 31, 32
                    }),
                    SecretScope.DEFAULT);
        }
        try (AzureKeyVaultSecretProvider third = AzureFakeSupport.provider(fake)) {
            assertThat(third.verify(payload, before.signature(), SecretPurpose.CLI_BRIDGE))
                    .isFalse();
        }
    }

    @Test
    void healthListsOnePageOrReadsTheCanary() {
        SecretProviderHealth h = provider.healthCheck();
        assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
        assertThat(h.details()).containsEntry("check", "list one page");

        Map<String, String> settings = AzureFakeSupport.settings(fake);
        settings.put("secrets.azure.health-canary", "canary");
        try (AzureKeyVaultSecretProvider withCanary = AzureFakeSupport.provider(settings, Clock.systemUTC())) {
            assertThat(withCanary.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
            provider.put("canary", "ok", SecretScope.DEFAULT);
            assertThat(withCanary.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
        }
    }

    @Test
    void clientSecretCredentialWorksEndToEnd() {
        Map<String, String> settings = AzureFakeSupport.settings(fake);
        settings.remove("AZURE_IDENTITY_ENDPOINT");
        settings.remove("AZURE_IDENTITY_HEADER");
        settings.put("AZURE_CLIENT_ID", KeyVaultFake.CLIENT_ID);
        settings.put("AZURE_CLIENT_SECRET", fake.clientSecret());
        settings.put("AZURE_TENANT_ID", KeyVaultFake.TENANT);
        settings.put("AZURE_AUTHORITY_HOST", fake.authorityHost());
        try (AzureKeyVaultSecretProvider p = AzureFakeSupport.provider(settings, Clock.systemUTC())) {
            p.put("k", "v", SecretScope.DEFAULT);
            assertThat(p.get("k").value()).isEqualTo("v");
            assertThat(p.toString()).contains("credential=client-secret").doesNotContain(fake.clientSecret());
        }
        assertThat(fake.requests()).anyMatch(r -> r.path().equals("/" + KeyVaultFake.TENANT + "/oauth2/v2.0/token"));
    }

    @Test
    void selectedFromTheEnvironmentSpellingLikeTheCommandLine() {
        provider.put("app/api-key", "from-the-vault", SecretScope.DEFAULT);
        Map<String, String> env = new HashMap<>();
        env.put("SECRETS_PROVIDER", "azure");
        env.put("AZURE_KEYVAULT_URL", fake.vaultUrl());
        env.put("AZURE_IDENTITY_ENDPOINT", fake.identityEndpoint());
        env.put("AZURE_IDENTITY_HEADER", fake.identityHeader());
        env.put("SECRETS_AZURE_CA_BUNDLE", fake.caBundleFile().toString());
        env.put("SECRETS_AZURE_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true");
        try (SecretProvider p =
                SecretProviders.builder().config(SecretsConfig.of(env)).build()) {
            assertThat(p.name()).isEqualTo("azure");
            assertThat(p.get("app/api-key").value()).isEqualTo("from-the-vault");
        }
        env.put("SECRETS_PROVIDER", "azure_kv");
        try (SecretProvider p =
                SecretProviders.builder().config(SecretsConfig.of(env)).build()) {
            assertThat(p.get("app/api-key").value()).isEqualTo("from-the-vault");
        }
    }
}
