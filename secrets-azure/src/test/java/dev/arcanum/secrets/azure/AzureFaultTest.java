package dev.arcanum.secrets.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.azure.fake.KeyVaultFake;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures the SDK's retry policy, our credentials and the TLS setup must handle. */
class AzureFaultTest {
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
        provider.put("k", "v", SecretScope.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private long authorizedGets() {
        return fake.requests().stream()
                .filter(r ->
                        r.authorized() && r.method().equals("GET") && r.path().startsWith("/secrets/k"))
                .count();
    }

    @Test
    void throttlingIsRetriedHonouringRetryAfter() {
        fake.failNext(2, 429, "Throttled", null, Map.of("Retry-After", "0"));

        assertThat(provider.get("k").value()).isEqualTo("v");
        assertThat(authorizedGets()).isEqualTo(3);
    }

    @Test
    void retryAfterWinsOverTheShortBackOff() {
        fake.failNext(1, 429, "Throttled", null, Map.of("Retry-After", "1"));
        long start = System.nanoTime();

        assertThat(provider.get("k").value()).isEqualTo("v");

        // The configured back-off is 10 ms; only the service's Retry-After explains a one-second wait.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void throttlingBeyondTheRetriesIsUnavailableAndHealthIsDegraded() {
        fake.failNext(3, 429, "Throttled", null, Map.of("Retry-After", "0"));
        assertThatThrownBy(() -> provider.get("k"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage(
                        "Key Vault get of 'k' (vault name 'k') on " + fake.vaultUrl()
                                + " failed: throttled (HTTP 429, Throttled) after retries; retry later or read through the cache");

        fake.failNext(3, 429, "Throttled", null, Map.of("Retry-After", "0"));
        SecretProviderHealth health = provider.healthCheck();
        assertThat(health.status()).isEqualTo(SecretProviderHealth.Status.DEGRADED);
        assertThat(health.details()).containsEntry("httpStatus", 429);
    }

    @Test
    void serverErrorThenSuccess() {
        fake.failNext(1, 500, "InternalServerError", null, Map.of());
        assertThat(provider.get("k").value()).isEqualTo("v");
        assertThat(authorizedGets()).isEqualTo(2);
    }

    @Test
    void forbiddenByRbacNamesTheMissingPermission() {
        fake.failNext(1, 403, "Forbidden", "ForbiddenByRbac", Map.of());
        assertThatThrownBy(() -> provider.get("k"))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessage("Key Vault get of 'k' (vault name 'k') on " + fake.vaultUrl()
                        + " failed: HTTP 403 (Forbidden/ForbiddenByRbac); the managed-identity identity lacks the"
                        + " 'secrets get' permission (RBAC role 'Key Vault Secrets User', or an access policy"
                        + " granting it)");
        assertThat(authorizedGets()).isEqualTo(1); // 403 is not retried

        fake.failNext(1, 403, "Forbidden", "ForbiddenByRbac", Map.of());
        SecretProviderHealth health = provider.healthCheck();
        assertThat(health.status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
        assertThat(health.details())
                .containsEntry("vaultUrl", fake.vaultUrl())
                .containsEntry("credential", "managed-identity");
        assertThat(health.toString()).doesNotContain(fake.identityHeader());
        fake.issuedTokens().forEach(t -> assertThat(health.toString()).doesNotContain(t));
    }

    @Test
    void writesNeedTheOfficerRole() {
        fake.failNext(1, 403, "Forbidden", "ForbiddenByRbac", Map.of());
        assertThatThrownBy(() -> provider.put("k", "new", SecretScope.DEFAULT))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("'secrets set' permission (RBAC role 'Key Vault Secrets Officer'");
    }

    @Test
    void tokenEndpointFailureIsUnavailableWithoutTheHeader() {
        try (AzureKeyVaultSecretProvider fresh = freshProviderOnNewChallenge()) {
            for (int i = 0; i < 5; i++) {
                fake.failTokenNext(500); // more than the attempts: the SDK retries a failed token fetch
            }
            assertThatThrownBy(() -> fresh.get("k"))
                    .isInstanceOf(SecretProviderUnavailableException.class)
                    .hasMessage("The managed identity token endpoint " + fake.identityEndpoint()
                            + " failed: HTTP 500 (temporarily_unavailable)")
                    .satisfies(e -> assertThat(e.toString()).doesNotContain(fake.identityHeader()));
        }
    }

    @Test
    void tokenEndpointGarbageIsRejected() {
        try (AzureKeyVaultSecretProvider fresh = freshProviderOnNewChallenge()) {
            for (int i = 0; i < 5; i++) {
                fake.garbageTokenNext();
            }
            assertThatThrownBy(() -> fresh.get("k"))
                    .isInstanceOf(SecretProviderUnavailableException.class)
                    .hasMessageContaining("returned an unusable response");
        }
    }

    /** A provider whose SDK client has no token yet (the SDK caches tokens per client). */
    private AzureKeyVaultSecretProvider freshProviderOnNewChallenge() {
        return AzureFakeSupport.provider(fake);
    }

    @Test
    void refusedCredentialIsNotRetried() {
        Map<String, String> settings = AzureFakeSupport.settings(fake);
        settings.put("AZURE_IDENTITY_HEADER", "not-the-header");
        long before = fake.tokenRequests();
        try (AzureKeyVaultSecretProvider p = AzureFakeSupport.provider(settings, Clock.systemUTC())) {
            assertThatThrownBy(() -> p.get("k"))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessage("The managed identity token endpoint " + fake.identityEndpoint()
                            + " refused the token request: HTTP 401 (unauthorized)");
        }
        assertThat(fake.tokenRequests()).isEqualTo(before + 1);
    }

    @Test
    void connectionResetIsRetried() {
        fake.resetNext(1);
        assertThat(provider.get("k").value()).isEqualTo("v");
    }

    @Test
    void connectionResetBeyondTheRetriesIsUnavailable() {
        fake.resetNext(20); // more than the SDK's attempts, each of which the JDK client may repeat once
        assertThatThrownBy(() -> provider.get("k"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessageStartingWith("Key Vault get of 'k' (vault name 'k') on " + fake.vaultUrl() + " failed: ");
    }

    @Test
    void responsePastTheTimeoutIsUnavailable() {
        Map<String, String> settings = AzureFakeSupport.settings(fake);
        settings.put("secrets.azure.timeout", "300ms");
        settings.put("secrets.azure.max-retries", "1");
        try (AzureKeyVaultSecretProvider slow = AzureFakeSupport.provider(settings, Clock.systemUTC())) {
            slow.get("k"); // token and challenge done before the delays start
            fake.delayNext(2, Duration.ofSeconds(2));
            assertThatThrownBy(() -> slow.get("k"))
                    .isInstanceOf(SecretProviderUnavailableException.class)
                    .hasMessageContaining("failed: no response in time (after retries)");
        }
    }

    @Test
    void certificateOutsideTheBundleFailsClosed() {
        try (KeyVaultFake stranger = KeyVaultFake.startWithOwnCertificate()) {
            Map<String, String> settings = AzureFakeSupport.settings(fake); // trusts fake's certificate only
            settings.put("AZURE_KEYVAULT_URL", stranger.vaultUrl());
            settings.put("AZURE_IDENTITY_ENDPOINT", stranger.identityEndpoint());
            settings.put("AZURE_IDENTITY_HEADER", stranger.identityHeader());
            try (AzureKeyVaultSecretProvider p = AzureFakeSupport.provider(settings, Clock.systemUTC())) {
                assertThatThrownBy(() -> p.get("k"))
                        .isInstanceOf(SecretProviderUnavailableException.class)
                        .hasMessage("Key Vault get of 'k' (vault name 'k') on " + stranger.vaultUrl()
                                + " failed: TLS handshake failed — the server certificate is not trusted (for a"
                                + " local emulator, add its CA certificate to secrets.azure.ca-bundle)");
                assertThat(p.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
            }
            assertThat(stranger.requests()).isEmpty();
        }
    }
}
