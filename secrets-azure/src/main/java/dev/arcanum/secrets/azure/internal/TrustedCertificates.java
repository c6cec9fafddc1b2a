package dev.arcanum.secrets.azure.internal;

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
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds an {@link SSLContext} that trusts the JDK's default roots plus the certificates of a PEM
 * bundle. Verification stays on: a certificate chaining to neither is refused.
 */
public final class TrustedCertificates {
    private TrustedCertificates() {}

    /**
     * Reads the PEM certificates of a file.
     *
     * @param pemFile the bundle
     * @return its certificates, at least one
     * @throws IllegalArgumentException with a message naming the file when it cannot be read or holds
     *     no certificate
     */
    public static List<X509Certificate> readPem(Path pemFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pemFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA bundle " + pemFile + ": " + e.getMessage(), e);
        }
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "the CA bundle " + pemFile + " is not a PEM file of X.509 certificates: " + e.getMessage(), e);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certs) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the CA bundle " + pemFile + " holds no certificate");
        }
        return out;
    }

    /**
     * @param extra certificates to trust besides the JDK's roots; empty for the JDK's roots only
     * @return a TLS context with certificate and (through the HTTP client) host-name verification on
     */
    public static SSLContext sslContext(List<X509Certificate> extra) {
        try {
            if (extra.isEmpty()) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            // The JDK's roots first, then the bundle: one trust store, so a chain may use either.
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
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, combined.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }
}
