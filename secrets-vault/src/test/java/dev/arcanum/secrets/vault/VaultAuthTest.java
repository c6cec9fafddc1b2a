package dev.arcanum.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.test.LeakDetector;
import dev.arcanum.secrets.test.logging.CapturedLogEvent;
import dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider;
import dev.arcanum.secrets.test.logging.LogEventSink;
import dev.arcanum.secrets.vault.fake.VaultFake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VaultAuthTest {
    private static final String ROLE_ID = "59d6d1ca-47bb-4e7e-a40b-8be3bc5a0ba8";
    private static final String SECRET_ID = "84896a0c-1347-aa90-a4f6-aca8b7558780";
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.service-account.sig";

    @TempDir
    Path dir;

    private VaultFake fake;
    private VaultSecretProvider vault;

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @AfterEach
    void stop() {
        // Checked by the detector after this method: every credential and every token the fake issued.
        leaks.watch(fake.rootToken(), SECRET_ID, JWT, "s3cr3t-pw").watch(fake.issuedTokens());
        if (vault != null) {
            vault.close();
        }
        fake.close();
    }

    private VaultTestSupport appRole() {
        fake = VaultFake.start(
                VaultFake.Options.defaults().appRole(ROLE_ID, SECRET_ID).loginTtl(Duration.ofHours(1)));
        fake.putKv2("secret", "app/db", Map.of("password", "s3cr3t-pw"));
        return new VaultTestSupport(fake)
                .without("VAULT_TOKEN")
                .with("secrets.vault.auth-method", "approle")
                .with("secrets.vault.approle.role-id", ROLE_ID)
                .with("secrets.vault.approle.secret-id", SECRET_ID);
    }

    @Test
    void appRoleLogsInOnceAndUsesTheIssuedToken() {
        vault = appRole().provider();

        assertThat(vault.get("app/db").value()).isEqualTo("s3cr3t-pw");
        assertThat(vault.get("app/db").value()).isEqualTo("s3cr3t-pw");

        assertThat(fake.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
        assertThat(fake.requests().get(0).hadToken()).isFalse();
        assertThat(fake.count("GET", "/v1/secret/data/app/db")).isEqualTo(2);
    }

    @Test
    void theTokenIsRenewedBeforeItExpires() {
        vault = appRole().provider();
        vault.get("app/db");

        fake.advance(Duration.ofMinutes(41)); // past two thirds of the 1h lease
        vault.get("app/db");
        fake.advance(Duration.ofMinutes(41)); // the renewed token is still valid: its lease was extended
        vault.get("app/db");

        assertThat(fake.count("POST", "/v1/auth/token/renew-self")).isEqualTo(2);
        assertThat(fake.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
    }

    @Test
    void aRefusedRenewalLeadsToANewLogin() {
        vault = appRole().provider();
        vault.get("app/db");
        fake.refuseRenewal(true);

        fake.advance(Duration.ofMinutes(50));
        assertThat(vault.get("app/db").value()).isEqualTo("s3cr3t-pw");

        assertThat(fake.count("POST", "/v1/auth/token/renew-self")).isEqualTo(1);
        assertThat(fake.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
    }

    @Test
    void a403LeadsToOneReLoginThenAccessDenied() {
        vault = appRole().provider();
        vault.get("app/db");
        fake.deny("secret/data/app/db");

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessage("Vault denied GET secret/data/app/db (HTTP 403: permission denied); check the token's"
                        + " policies");

        assertThat(fake.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
        assertThat(fake.count("GET", "/v1/secret/data/app/db")).isEqualTo(3);
    }

    @Test
    void anExpiredLoginTokenIsReplacedByANewLogin() {
        vault = appRole().provider();
        vault.get("app/db");
        // The fake's time runs past the whole lease without a call in between: renewal is too late.
        fake.advance(Duration.ofHours(2));

        assertThat(vault.get("app/db").value()).isEqualTo("s3cr3t-pw");
        assertThat(fake.count("POST", "/v1/auth/token/renew-self")).isEqualTo(1);
        assertThat(fake.count("POST", "/v1/auth/approle/login")).isEqualTo(2);
    }

    @Test
    void badAppRoleCredentialsAreAccessDenied() {
        vault = appRole()
                .with("secrets.vault.approle.secret-id", "wrong-secret-id")
                .provider();

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessage("Vault refused the approle login at auth/approle/login (HTTP 400); check the role and"
                        + " its credentials");
        assertThat(fake.count("POST", "/v1/auth/approle/login")).isEqualTo(1);
    }

    @Test
    void appRoleSecretIdCanComeFromAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("secret-id"), SECRET_ID + "\n");
        vault = appRole()
                .without("secrets.vault.approle.secret-id")
                .with("secrets.vault.approle.secret-id-file", file.toString())
                .provider();

        assertThat(vault.get("app/db").value()).isEqualTo("s3cr3t-pw");
    }

    @Test
    void kubernetesLoginReadsTheServiceAccountJwtFile() throws IOException {
        fake = VaultFake.start(VaultFake.Options.defaults().kubernetes("dev-role", JWT));
        fake.putKv2("secret", "app/db", Map.of("password", "s3cr3t-pw"));
        Path jwt = Files.writeString(dir.resolve("token"), JWT);
        vault = new VaultTestSupport(fake)
                .without("VAULT_TOKEN")
                .with("secrets.vault.auth-method", "kubernetes")
                .with("secrets.vault.kubernetes.role", "dev-role")
                .with("secrets.vault.kubernetes.jwt-file", jwt.toString())
                .provider();

        assertThat(vault.get("app/db").value()).isEqualTo("s3cr3t-pw");
        assertThat(fake.count("POST", "/v1/auth/kubernetes/login")).isEqualTo(1);
    }

    @Test
    void aStaticTokenIsLookedUpOnceAndRenewedWhenRenewable() {
        fake = VaultFake.start(VaultFake.Options.defaults());
        fake.putKv2("secret", "app/db", Map.of("password", "s3cr3t-pw"));
        String token = fake.issueToken(Duration.ofMinutes(30), true);
        vault = new VaultTestSupport(fake).with("VAULT_TOKEN", token).provider();

        vault.get("app/db");
        fake.advance(Duration.ofMinutes(25));
        vault.get("app/db");

        assertThat(fake.count("GET", "/v1/auth/token/lookup-self")).isEqualTo(1);
        assertThat(fake.count("POST", "/v1/auth/token/renew-self")).isEqualTo(1);
        leaks.watch(token);
    }

    @Test
    void aStaticTokenWhoseRenewalIsRefusedWarnsOnceAndKeepsWorking() {
        fake = VaultFake.start(VaultFake.Options.defaults());
        fake.putKv2("secret", "app/db", Map.of("password", "s3cr3t-pw"));
        String token = fake.issueToken(Duration.ofMinutes(30), true);
        vault = new VaultTestSupport(fake).with("VAULT_TOKEN", token).provider();
        vault.get("app/db");
        fake.refuseRenewal(true);
        List<CapturedLogEvent> events = new CopyOnWriteArrayList<>();
        LogEventSink sink = events::add;
        CapturingSlf4jServiceProvider.register(sink);
        try {
            fake.advance(Duration.ofMinutes(21));
            vault.get("app/db");
            vault.get("app/db");
        } finally {
            CapturingSlf4jServiceProvider.unregister(sink);
        }

        assertThat(fake.count("POST", "/v1/auth/token/renew-self")).isEqualTo(1);
        assertThat(events)
                .filteredOn(e -> e.level().equals("WARN"))
                .extracting(CapturedLogEvent::formattedMessage)
                .containsExactly("Vault refused to renew the token (HTTP 400) and token auth cannot log in again;"
                        + " calls fail once it expires");
        leaks.watch(token);
    }

    @Test
    void anExpiredStaticTokenIsAccessDeniedWithoutRetries() {
        fake = VaultFake.start(VaultFake.Options.defaults());
        fake.putKv2("secret", "app/db", Map.of("password", "s3cr3t-pw"));
        String token = fake.issueToken(Duration.ofMinutes(1), false);
        fake.advance(Duration.ofMinutes(2));
        vault = new VaultTestSupport(fake).with("VAULT_TOKEN", token).provider();

        assertThatThrownBy(() -> vault.get("app/db"))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageNotContaining(token);

        assertThat(fake.count("GET", "/v1/auth/token/lookup-self")).isEqualTo(1);
        assertThat(fake.count("GET", "/v1/secret/data/app/db")).isEqualTo(1);
        leaks.watch(token);
    }

    @Test
    void aTokenFileIsReReadWhenVaultRejectsTheToken() throws IOException {
        fake = VaultFake.start(VaultFake.Options.defaults());
        fake.putKv2("secret", "app/db", Map.of("password", "s3cr3t-pw"));
        String first = fake.issueToken(null, false);
        Path file = Files.writeString(dir.resolve("vault-token"), first);
        vault = new VaultTestSupport(fake)
                .without("VAULT_TOKEN")
                .with("secrets.vault.token-file", file.toString())
                .provider();
        vault.get("app/db");

        fake.revoke(first);
        String second = fake.issueToken(null, false);
        Files.writeString(file, second); // as a Vault Agent sink would

        assertThat(vault.get("app/db").value()).isEqualTo("s3cr3t-pw");
        assertThat(fake.count("GET", "/v1/secret/data/app/db")).isEqualTo(3);
        leaks.watch(first, second);
    }
}
