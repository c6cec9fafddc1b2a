package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.spi.TlsTrust;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class TlsTrustTest {
    private static Path resource(String name) throws Exception {
        return Path.of(TlsTrustTest.class.getResource("/tls/" + name).toURI());
    }

    @Test
    void trustsTheBundleAndKeepsTheJdkRootsButNothingElse() throws Exception {
        List<X509Certificate> bundle = TlsTrust.readPemBundle(resource("test-ca.pem"));
        assertThat(bundle).singleElement().satisfies(c -> assertThat(
                        c.getSubjectX500Principal().getName())
                .isEqualTo("CN=Arcanum Test CA"));
        X509TrustManager tm = TlsTrust.trustManager(bundle);

        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        X509Certificate[] jdkRoots = ((X509TrustManager) jdk.getTrustManagers()[0]).getAcceptedIssuers();
        assertThat(tm.getAcceptedIssuers())
                .hasSize(jdkRoots.length + 1)
                .contains(jdkRoots)
                .contains(bundle.get(0));

        assertThatCode(() -> tm.checkServerTrusted(bundle.toArray(X509Certificate[]::new), "RSA"))
                .doesNotThrowAnyException();
        X509Certificate[] foreign =
                TlsTrust.readPemBundle(resource("other-self-signed.pem")).toArray(X509Certificate[]::new);
        assertThatThrownBy(() -> tm.checkServerTrusted(foreign, "RSA")).isInstanceOf(CertificateException.class);
        assertThat(TlsTrust.sslContext(resource("test-ca.pem"))).isNotSameAs(SSLContext.getDefault());
    }

    @Test
    void noBundleMeansTheJdkDefault() throws Exception {
        assertThat(TlsTrust.sslContext((Path) null)).isSameAs(SSLContext.getDefault());
    }

    @Test
    void unreadableOrForeignFilesAreConfigurationErrorsNamingTheFile() throws Exception {
        assertThatThrownBy(() -> TlsTrust.readPemBundle(Path.of("/nonexistent/ca.pem")))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessageStartingWith("Cannot read the CA bundle /nonexistent/ca.pem: ");
        Path notPem = resource("not-pem.txt");
        assertThatThrownBy(() -> TlsTrust.readPemBundle(notPem))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessageMatching("The CA bundle .*not-pem.txt (is not a PEM file of X.509 certificates|holds no"
                        + " certificate)");
    }
}
