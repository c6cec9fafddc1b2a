package dev.arcanum.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviderHealth.Status;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.test.LeakDetector;
import dev.arcanum.secrets.vault.fake.VaultFake;
import dev.arcanum.secrets.vault.fake.VaultFake.HealthState;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaultHealthTest {
    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    private VaultFake fake;
    private VaultSecretProvider vault;

    @BeforeEach
    void start() {
        fake = VaultFake.start(VaultFake.Options.defaults());
        vault = new VaultTestSupport(fake).provider();
        leaks.watch(fake.rootToken());
    }

    @AfterEach
    void stop() {
        vault.close();
        fake.close();
    }

    @ParameterizedTest
    @CsvSource({
        "ACTIVE, HEALTHY, 200",
        "STANDBY, DEGRADED, 429",
        "PERFORMANCE_STANDBY, DEGRADED, 473",
        "STANDBY_NO_HEARTBEAT, DEGRADED, 474",
        "DR_SECONDARY, UNAVAILABLE, 472",
        "UNINITIALIZED, UNAVAILABLE, 501",
        "SEALED, UNAVAILABLE, 503",
        "REMOVED, UNAVAILABLE, 530"
    })
    void mapsEveryNodeState(HealthState state, Status expected, int httpStatus) {
        fake.health(state);

        SecretProviderHealth h = vault.healthCheck();

        assertThat(h.status()).isEqualTo(expected);
        assertThat(h.details()).containsEntry("http_status", httpStatus).containsEntry("version", "1.19.0");
        assertThat(h.details())
                .containsEntry("sealed", state == HealthState.SEALED || state == HealthState.UNINITIALIZED);
        assertThat(h.details()).containsKey("standby");
        assertThat(h.toString()).doesNotContain(fake.rootToken());
        // Unauthenticated and sent once: a health probe is never retried.
        assertThat(fake.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/v1/sys/health");
            assertThat(r.hadToken()).isFalse();
        });
    }

    @Test
    void healthyCarriesTheVersionAndAddress() {
        SecretProviderHealth h = vault.healthCheck();

        assertThat(h.status()).isEqualTo(Status.HEALTHY);
        assertThat(h.message()).isEqualTo("Vault is active and unsealed");
        assertThat(h.details()).containsEntry("address", fake.baseUrl()).containsEntry("standby", false);
    }

    @Test
    void connectionRefusedIsUnavailableAndNeverThrows() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        VaultSecretProvider nowhere = VaultSecretProviderFactory.create(
                SecretsConfig.of(Map.of("VAULT_ADDR", "http://127.0.0.1:" + closedPort, "VAULT_TOKEN", "hvs.t0ken-x")),
                fake.clock(),
                d -> {},
                () -> 0.5);
        leaks.watch("hvs.t0ken-x");

        SecretProviderHealth h = nowhere.healthCheck();

        assertThat(h.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(h.message())
                .isEqualTo("Cannot reach Vault at http://127.0.0.1:" + closedPort + " (ConnectException)");
        nowhere.close();
    }
}
