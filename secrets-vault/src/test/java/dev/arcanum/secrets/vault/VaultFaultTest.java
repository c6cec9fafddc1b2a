package dev.arcanum.secrets.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.test.LeakDetector;
import dev.arcanum.secrets.vault.fake.VaultFake;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each fault yields its typed exception or a successful retry; call counts come from WireMock's journal. */
class VaultFaultTest {
    private static final String PATH = "/v1/secret/data/app/db";
    private static final String VALUE = "s3cr3t-pw";

    private VaultFake fake;
    private VaultTestSupport support;
    private VaultSecretProvider vault;

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @BeforeEach
    void start() {
        fake = VaultFake.start(VaultFake.Options.defaults());
        fake.putKv2("secret", "app/db", Map.of("password", VALUE));
        support = new VaultTestSupport(fake);
        vault = support.provider();
        vault.get("app/db"); // token looked up, connection warm
        fake.resetRequests();
        leaks.watch(fake.rootToken(), VALUE);
    }

    @AfterEach
    void stop() {
        vault.close();
        fake.close();
    }

    /** Fails the first call with the given response, then lets the stateful fake answer. */
    private void once(MappingBuilder stub) {
        fake.server()
                .stubFor(stub.atPriority(1)
                        .inScenario("fault")
                        .whenScenarioStateIs(STARTED)
                        .willSetStateTo("done"));
    }

    @Test
    void sealedIsRetriedWithBackoffThenUnavailable() {
        fake.health(VaultFake.HealthState.SEALED);

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("Vault GET secret/data/app/db: HTTP 503: Vault is sealed (gave up after 3 attempts)");

        assertThat(fake.count("GET", PATH)).isEqualTo(3);
        // 100ms initial backoff doubling, equal jitter at 0.5: 50+25, then 100+50.
        assertThat(support.sleeps).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150));
        assertThat(vault.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
    }

    @Test
    void standbyStillServesReadsAndIsDegraded() {
        fake.health(VaultFake.HealthState.STANDBY);

        assertThat(vault.get("app/db").value()).isEqualTo(VALUE);
        assertThat(vault.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.DEGRADED);
        assertThat(fake.count("GET", PATH)).isEqualTo(1);
    }

    @Test
    void rateLimitHonoursRetryAfter() {
        once(
                get(urlPathEqualTo(PATH))
                        .willReturn(
                                aResponse()
                                        .withStatus(429)
                                        .withHeader("Retry-After", "2")
                                        .withBody(
                                                "{\"errors\":[\"request path \\\"secret/data/app/db\\\": rate limit quota exceeded\"]}")));

        assertThat(vault.get("app/db").value()).isEqualTo(VALUE);

        assertThat(fake.count("GET", PATH)).isEqualTo(2);
        assertThat(support.sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aRetryAfterLongerThanTheMaxBackoffFailsAtOnce() {
        once(get(urlPathEqualTo(PATH))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "60")
                        .withBody("{\"errors\":[]}")));

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("Vault GET secret/data/app/db: HTTP 429; Vault asks to retry after 60s, longer than"
                        + " secrets.vault.retry.max-backoff (5000ms)");

        assertThat(fake.count("GET", PATH)).isEqualTo(1);
        assertThat(support.sleeps).isEmpty();
    }

    @Test
    void a500ThenSuccessIsRetried() {
        once(get(urlPathEqualTo(PATH))
                .willReturn(aResponse().withStatus(500).withBody("{\"errors\":[\"internal error\"]}")));

        assertThat(vault.get("app/db").value()).isEqualTo(VALUE);

        assertThat(fake.count("GET", PATH)).isEqualTo(2);
        assertThat(support.sleeps).containsExactly(Duration.ofMillis(75));
    }

    @Test
    void aWriteFailureNamesThePathButNeverTheBodyOrVaultsReply() {
        fake.server()
                .stubFor(post(urlPathEqualTo(PATH))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(500).withBody("{\"errors\":[\"echo " + VALUE + "\"]}")));

        assertThatThrownBy(() -> vault.put("app/db", VALUE))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("Vault POST secret/data/app/db: HTTP 500 (gave up after 3 attempts)");
        assertThat(fake.count("POST", PATH)).isEqualTo(3);
    }

    @Test
    void connectionResetIsRetriedThenUnavailable() {
        fake.server()
                .stubFor(get(urlPathEqualTo(PATH))
                        .atPriority(1)
                        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessageStartingWith("Vault GET secret/data/app/db: I/O error")
                .hasMessageEndingWith("(gave up after 3 attempts)");

        // The JDK client itself resends an idempotent GET once on a reset connection: 3 attempts, 6 on the wire.
        assertThat(fake.count("GET", PATH)).isEqualTo(6);
        assertThat(support.sleeps).hasSize(2);
    }

    @Test
    void aConnectionResetOnAWriteIsRetriedByTheProvider() {
        // The JDK client does not resend a POST by itself; the provider's retry does.
        once(post(urlPathEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(vault.put("app/db", VALUE).version()).isEqualTo("2");
        assertThat(fake.count("POST", PATH)).isEqualTo(2);
        assertThat(support.sleeps).containsExactly(Duration.ofMillis(75));
    }

    @Test
    void aResponseSlowerThanTheTimeoutIsUnavailable() {
        vault.close();
        vault = support.with("secrets.vault.request-timeout", "200ms")
                .with("secrets.vault.retry.max-attempts", "2")
                .provider();
        fake.server()
                .stubFor(get(urlPathEqualTo(PATH))
                        .atPriority(1)
                        .willReturn(
                                aResponse().withStatus(200).withFixedDelay(1500).withBody("{}")));

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("Vault GET secret/data/app/db: no response within 200ms (gave up after 2 attempts)");

        assertThat(fake.count("GET", PATH)).isEqualTo(2);
    }

    @Test
    void malformedJsonIsUnavailableAndNotRetried() {
        fake.server()
                .stubFor(get(urlPathEqualTo(PATH))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withBody("{\"data\": {\"data\": {\"password\": \"" + VALUE)));

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("Vault GET secret/data/app/db returned HTTP 200 with a body that is not JSON (a proxy in"
                        + " between?)");

        assertThat(fake.count("GET", PATH)).isEqualTo(1);
    }

    @Test
    void badRequestIsNeverRetried() {
        fake.server()
                .stubFor(get(urlPathEqualTo(PATH))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(400).withBody("{\"errors\":[\"invalid request\"]}")));

        assertThatThrownBy(() -> vault.get("app/db"))
                .isExactlyInstanceOf(SecretException.class)
                .hasMessage("Vault rejected GET secret/data/app/db: HTTP 400: invalid request");

        assertThat(fake.count("GET", PATH)).isEqualTo(1);
        assertThat(support.sleeps).isEmpty();
    }

    @Test
    void anExpiredTokenIsAccessDeniedAndNotRetried() {
        String token = fake.issueToken(Duration.ofSeconds(30), false);
        vault.close();
        vault = support.with("VAULT_TOKEN", token).provider();
        fake.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(dev.arcanum.secrets.SecretAccessDeniedException.class)
                .hasMessage("Vault denied GET secret/data/app/db (HTTP 403: permission denied); check the token's"
                        + " policies");

        assertThat(fake.count("GET", PATH)).isEqualTo(1);
        assertThat(support.sleeps).isEmpty();
        leaks.watch(token);
    }

    @Test
    void getManyStopsAtTheFirstUnavailablePath() {
        fake.health(VaultFake.HealthState.SEALED);

        assertThatThrownBy(() -> vault.getMany(List.of("app/db#password", "app/other")))
                .isInstanceOf(SecretProviderUnavailableException.class);
    }
}
