package dev.arcanum.secrets.spi;

import dev.arcanum.secrets.SecretConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for HTTP backends: the JDK's default roots plus the certificates of a PEM CA bundle (a
 * private CA, a self-signed emulator). Verification is never switched off — a certificate that
 * chains to neither is refused — and there is deliberately no way to ask for anything weaker.
 *
 * <p>Stateless and thread-safe.
 */
public final class TlsTrust {
    private TlsTrust() {}

    /**
     * Reads the certificates of a PEM bundle.
     *
     * @param pemFile the bundle
     * @return its certificates, at least one
     * @throws SecretConfigurationException naming the file when it cannot be read or holds no
     *     certificate
     */
    public static List<X509Certificate> readPemBundle(Path pemFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pemFile);
        } catch (IOException e) {
            throw new SecretConfigurationException("Cannot read the CA bundle " + pemFile + ": " + e, e);
        }
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new SecretConfigurationException(
                    "The CA bundle " + pemFile + " is not a PEM file of X.509 certificates", e);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certs) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new SecretConfigurationException("The CA bundle " + pemFile + " holds no certificate");
        }
        return out;
    }

    /**
     * @param caBundle a PEM bundle to trust besides the JDK's roots, or null for the JDK's roots only
     * @return a TLS context; host names are verified by the HTTP client that uses it
     * @throws SecretConfigurationException if the bundle cannot be read
     */
    public static SSLContext sslContext(Path caBundle) {
        return sslContext(caBundle == null ? List.of() : readPemBundle(caBundle), null);
    }

    /**
     * @param extra certificates to trust besides the JDK's roots; empty for the JDK's roots only
     * @param keyManagers client-certificate key managers, or null for none
     * @return a TLS context trusting the JDK's roots and {@code extra}
     */
    public static SSLContext sslContext(List<X509Certificate> extra, KeyManager[] keyManagers) {
        try {
            if (extra.isEmpty() && keyManagers == null) {
                return SSLContext.getDefault();
            }
            TrustManager[] trust = extra.isEmpty() ? null : new TrustManager[] {trustManager(extra)};
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * @param extra certificates to trust besides the JDK's roots
     * @return a trust manager accepting chains that end in a JDK root or in one of {@code extra}
     */
    public static X509TrustManager trustManager(List<X509Certificate> extra) {
        try {
            return combinedTrustManager(extra);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a trust manager: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager combinedTrustManager(List<X509Certificate> extra)
            throws GeneralSecurityException, IOException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        // One trust store holding the JDK's roots and the bundle, so a chain may end in either.
        int i = 0;
        for (TrustManager tm : jdk.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                for (X509Certificate c : ((X509TrustManager) tm).getAcceptedIssuers()) {
                    store.setCertificateEntry("jdk-" + i++, c);
                }
            }
        }
        for (X509Certificate c : extra) {
            store.setCertificateEntry("bundle-" + i++, c);
        }
        TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(store);
        for (TrustManager tm : combined.getTrustManagers()) {
            if (tm instanceof X509TrustManager) {
                return (X509TrustManager) tm;
            }
        }
        throw new IllegalStateException("The JDK offers no X.509 trust manager");
    }
}
