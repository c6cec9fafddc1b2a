package dev.arcanum.secrets.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.test.LeakDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** TLS against WireMock over HTTPS with a certificate made by the JDK's keytool for 127.0.0.1. */
class VaultTlsTest {
    private static final String TOKEN = "hvs.tls-test-t0ken";

    @TempDir
    static Path dir;

    private static WireMockServer https;
    private static Path caPem;

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create().watch(TOKEN, "tls-value-1");

    @BeforeAll
    static void startHttps() throws Exception {
        Path keystore = dir.resolve("server.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "vault",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        caPem = dir.resolve("ca.pem");
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "vault",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-file",
                caPem.toString());
        https = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .httpsPort(0)
                .keystorePath(keystore.toString())
                .keystoreType("PKCS12")
                .keystorePassword("changeit")
                .keyManagerPassword("changeit"));
        https.start();
        https.stubFor(get(urlPathEqualTo("/v1/auth/token/lookup-self"))
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":{\"ttl\":0,\"renewable\":false}}")));
        https.stubFor(
                get(urlPathEqualTo("/v1/secret/data/app/db"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withBody(
                                                "{\"data\":{\"data\":{\"value\":\"tls-value-1\"},\"metadata\":{\"version\":1,"
                                                        + "\"created_time\":\"2026-01-01T00:00:00Z\",\"deletion_time\":\"\",\"destroyed\":false}}}")));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    @AfterAll
    static void stop() {
        https.stop();
    }

    private static VaultSecretProvider provider(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(extra);
        s.put("VAULT_ADDR", "https://127.0.0.1:" + https.httpsPort());
        s.put("VAULT_TOKEN", TOKEN);
        return VaultSecretProviderFactory.create(SecretsConfig.of(s), Clock.systemUTC(), d -> {}, () -> 0.5);
    }

    @Test
    void trustsTheCaBundle() {
        try (VaultSecretProvider vault = provider(Map.of("VAULT_CACERT", caPem.toString()))) {
            assertThat(vault.get("app/db").value()).isEqualTo("tls-value-1");
        }
    }

    @Test
    void anUntrustedCertificateFailsAtOnceWithoutRetrying() {
        https.resetRequests();
        try (VaultSecretProvider vault = provider(Map.of())) {
            assertThatThrownBy(() -> vault.get("app/db"))
                    .isInstanceOf(SecretProviderUnavailableException.class)
                    .hasMessage("TLS with Vault at https://127.0.0.1:" + https.httpsPort() + " failed for GET"
                            + " auth/token/lookup-self (SSLHandshakeException); check secrets.vault.ca-cert"
                            + " (SECRETS_VAULT_CA_CERT or VAULT_CACERT) and the server certificate");
        }
        assertThat(https.getAllServeEvents()).isEmpty();
    }

    @Test
    void aClientKeyThatIsNotPkcs8IsRefusedWithoutShowingIt() throws IOException {
        Path key = Files.writeString(
                dir.resolve("key.pem"), "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----\n");

        assertThatThrownBy(() ->
                        provider(Map.of("VAULT_CLIENT_CERT", caPem.toString(), "VAULT_CLIENT_KEY", key.toString())))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage(
                        "Provider 'vault': secrets.vault.client-key (SECRETS_VAULT_CLIENT_KEY or VAULT_CLIENT_KEY): "
                                + key + " is not a PKCS#8 PEM key ('BEGIN PRIVATE KEY'); convert it with"
                                + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'")
                .hasMessageNotContaining("MHcCAQEEI");
    }
}
