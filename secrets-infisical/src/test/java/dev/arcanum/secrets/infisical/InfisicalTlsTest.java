package dev.arcanum.secrets.infisical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.infisical.fake.InfisicalFake;
import dev.arcanum.secrets.test.LeakDetector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** TLS is verified: a certificate the JDK does not trust is refused, and the CA bundle setting trusts one. */
class InfisicalTlsTest {
    private static final String PASSWORD = "fake-keystore-pw";

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path dir;

    private InfisicalFake fake;
    private Path certificate;

    /** A self-signed certificate for localhost, made with the JDK's keytool. */
    @BeforeEach
    void start() throws IOException, InterruptedException {
        Path keystore = dir.resolve("server.p12");
        certificate = dir.resolve("server.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "fake",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "fake",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString());
        fake = InfisicalFake.startWithHttps(Clock.systemUTC(), keystore.toString(), PASSWORD);
        leaks.watch(fake.clientSecret());
        fake.onTokenIssued(leaks::watch);
        fake.seed("dev", "/app", "A", "tls-protected-value");
        leaks.watch("tls-protected-value");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Map<String, String> settings() {
        Map<String, String> s = InfisicalTestSupport.settings(fake, "v4");
        s.put("INFISICAL_API_URL", fake.httpsSiteUrl());
        s.put("secrets.infisical.max-retries", "0");
        return s;
    }

    @Test
    void aCertificateTheJdkDoesNotTrustIsRefused() {
        InfisicalSecretProvider p =
                InfisicalTestSupport.provider(settings(), Clock.systemUTC(), new RecordingSleeper());
        assertThatThrownBy(() -> p.get("app/A"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessageStartingWith("Infisical at " + fake.httpsSiteUrl() + " did not answer POST "
                        + "/api/v1/auth/universal-auth/login: SSLHandshakeException");
        assertThat(fake.requestCount()).isZero();
    }

    @Test
    void theCaBundleTrustsTheServersCertificate() {
        Map<String, String> s = settings();
        s.put("secrets.infisical.ca-bundle", certificate.toString());
        InfisicalSecretProvider p = InfisicalTestSupport.provider(s, Clock.systemUTC(), new RecordingSleeper());
        assertThat(p.get("app/A").value()).isEqualTo("tls-protected-value");
    }
}
