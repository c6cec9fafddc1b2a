package dev.arcanum.secrets.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.azure.fake.KeyVaultFake;
import dev.arcanum.secrets.azure.internal.ClientSecretCredential;
import dev.arcanum.secrets.azure.internal.ManagedIdentityCredential;
import dev.arcanum.secrets.spi.TlsTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagedIdentityCredentialTest {
    private static final TokenRequestContext VAULT =
            new TokenRequestContext().addScopes("https://vault.azure.net/.default");

    private static KeyVaultFake fake;
    private static HttpClient http;
    private MutableClock clock;

    @BeforeAll
    static void startFake() {
        fake = KeyVaultFake.start();
        http = HttpClient.newBuilder()
                .sslContext(TlsTrust.sslContext(fake.caBundleFile()))
                .build();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void setUp() {
        fake.reset();
        fake.expiresOnAsNumber(false);
        clock = new MutableClock(Instant.now());
        fake.clock(clock);
    }

    private ManagedIdentityCredential credential(String header) {
        return new ManagedIdentityCredential(
                URI.create(fake.identityEndpoint()), header, null, http, Duration.ofSeconds(5), clock);
    }

    @Test
    void cachesTheTokenUntilFiveMinutesBeforeExpiry() {
        ManagedIdentityCredential credential = credential(fake.identityHeader());

        AccessToken first = credential.getTokenSync(VAULT);
        for (int i = 0; i < 20; i++) {
            assertThat(credential.getTokenSync(VAULT).getToken()).isEqualTo(first.getToken());
        }
        assertThat(fake.tokenRequests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(54));
        assertThat(credential.getTokenSync(VAULT).getToken()).isEqualTo(first.getToken());
        assertThat(fake.tokenRequests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2)); // 4 minutes left: inside the refresh margin
        AccessToken second = credential.getTokenSync(VAULT);
        assertThat(second.getToken()).isNotEqualTo(first.getToken());
        assertThat(fake.tokenRequests()).isEqualTo(2);
    }

    @Test
    void sendsTheDocumentedRequest() {
        credential(fake.identityHeader()).getTokenSync(VAULT);

        KeyVaultFake.RecordedRequest r = fake.requests().get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/msi/token");
        assertThat(r.query())
                .containsEntry("resource", "https://vault.azure.net")
                .containsEntry("api-version", "2019-08-01")
                .doesNotContainKey("client_id");
    }

    @Test
    void acceptsExpiresOnAsANumber() {
        fake.expiresOnAsNumber(true);
        AccessToken token = credential(fake.identityHeader()).getTokenSync(VAULT);
        assertThat(token.getExpiresAt().toInstant()).isAfter(clock.instant());
    }

    @Test
    void userAssignedIdentitySendsClientId() {
        new ManagedIdentityCredential(
                        URI.create(fake.identityEndpoint()),
                        fake.identityHeader(),
                        "my-client",
                        http,
                        Duration.ofSeconds(5),
                        clock)
                .getTokenSync(VAULT);
        assertThat(fake.requests().get(0).query()).containsEntry("client_id", "my-client");
    }

    @Test
    void wrongHeaderIsDeniedWithoutPrintingIt() {
        String wrong = "wrong-header-value-123";
        assertThatThrownBy(() -> credential(wrong).getTokenSync(VAULT))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessage("The managed identity token endpoint " + fake.identityEndpoint()
                        + " refused the token request: HTTP 401 (unauthorized)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(fake.identityHeader()));
    }

    @Test
    void failingEndpointIsUnavailableNamingEndpointAndStatus() {
        fake.failTokenNext(503);
        assertThatThrownBy(() -> credential(fake.identityHeader()).getTokenSync(VAULT))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("The managed identity token endpoint " + fake.identityEndpoint()
                        + " failed: HTTP 503 (temporarily_unavailable)");
    }

    @Test
    void garbageIsRejected() {
        fake.garbageTokenNext();
        assertThatThrownBy(() -> credential(fake.identityHeader()).getTokenSync(VAULT))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("The managed identity token endpoint " + fake.identityEndpoint()
                        + " returned an unusable response: the response is not a JSON object");
    }

    @Test
    void clientSecretCredentialUsesTheTenantTokenEndpoint() {
        ClientSecretCredential credential = new ClientSecretCredential(
                URI.create(fake.authorityHost()),
                KeyVaultFake.TENANT,
                KeyVaultFake.CLIENT_ID,
                fake.clientSecret(),
                http,
                Duration.ofSeconds(5),
                clock);
        AccessToken token = credential.getTokenSync(VAULT);
        credential.getTokenSync(VAULT);

        assertThat(token.getToken()).isNotBlank();
        assertThat(fake.tokenRequests()).isEqualTo(1);
        assertThat(fake.requests().get(0).path()).isEqualTo("/" + KeyVaultFake.TENANT + "/oauth2/v2.0/token");
    }

    @Test
    void wrongClientSecretIsDeniedWithoutPrintingIt() {
        String wrong = "not-the-client-secret";
        ClientSecretCredential credential = new ClientSecretCredential(
                URI.create(fake.authorityHost()),
                KeyVaultFake.TENANT,
                KeyVaultFake.CLIENT_ID,
                wrong,
                http,
                Duration.ofSeconds(5),
                clock);
        assertThatThrownBy(() -> credential.getTokenSync(VAULT))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessage("The client secret token endpoint " + fake.authorityHost() + "/" + KeyVaultFake.TENANT
                        + "/oauth2/v2.0/token refused the token request: HTTP 401 (invalid_client)")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(wrong));
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
