package dev.arcanum.secrets.vault;

import dev.arcanum.secrets.SecretConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS context: a CA bundle replaces the JDK's trusted roots (as {@code VAULT_CACERT} does
 * for the Vault CLI), and a client certificate with its PKCS#8 key enables mutual TLS. There is no
 * way to switch certificate checks off.
 */
final class VaultTls {
    private VaultTls() {}

    /**
     * @return the context, or null when the JDK's defaults apply (no CA bundle, no client certificate)
     */
    static SSLContext context(Path caCert, Path clientCert, Path clientKey) {
        if (caCert == null && clientCert == null) {
            return null;
        }
        try {
            TrustManagerFactory tmf = null;
            if (caCert != null) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(caCert, VaultSettings.CA_CERT.displayName())) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (clientCert != null) {
                List<Certificate> chain = certificates(clientCert, VaultSettings.CLIENT_CERT.displayName());
                PrivateKey key =
                        privateKey(clientKey, chain.get(0).getPublicKey().getAlgorithm());
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                char[] none = new char[0];
                ks.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, none);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new SecretConfigurationException(
                    "Provider 'vault': could not set up TLS (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static List<Certificate> certificates(Path file, String setting) {
        byte[] bytes = read(file, setting);
        try {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
            if (certs.isEmpty()) {
                throw new SecretConfigurationException(
                        "Provider 'vault': " + setting + ": " + file + " holds no PEM certificate");
            }
            return new ArrayList<>(certs);
        } catch (CertificateException e) {
            throw new SecretConfigurationException(
                    "Provider 'vault': " + setting + ": " + file + " is not a PEM certificate file", e);
        }
    }

    private static PrivateKey privateKey(Path file, String algorithm) {
        String setting = VaultSettings.CLIENT_KEY.displayName();
        String pem = new String(read(file, setting), StandardCharsets.US_ASCII);
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            // Never echo the file: it is a private key.
            throw new SecretConfigurationException("Provider 'vault': " + setting + ": " + file
                    + " is not a PKCS#8 PEM key ('BEGIN PRIVATE KEY'); convert it with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
        }
        String b64 = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end)
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretConfigurationException("Provider 'vault': " + setting + ": " + file + " does not hold a "
                    + algorithm + " key matching the client certificate");
        }
    }

    private static byte[] read(Path file, String setting) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SecretConfigurationException("Provider 'vault': " + setting + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
