package dev.arcanum.secrets.test;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small HMAC-SHA256 signer for the reference store, shaped like the core {@code HmacSecretSigner}
 * (key {@code signing-keys/<purpose>} in the default scope, created on first use; signature {@code
 * hmac-sha256:v<version>:<base64>}; the current and the previous key version verify). It exists
 * because the self-tests must not depend on which core signer is on main yet.
 */
final class TestHmacSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretStore store;
    private final boolean onePurposeForAll;

    TestHmacSigner(SecretStore store, boolean onePurposeForAll) {
        this.store = store;
        this.onePurposeForAll = onePurposeForAll;
    }

    private String keyName(SecretPurpose purpose) {
        return "signing-keys/" + (onePurposeForAll ? "shared" : purpose.name());
    }

    SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        String name = keyName(purpose);
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        store.putIfAbsent(name, Base64.getEncoder().encodeToString(fresh), SecretScope.DEFAULT);
        Secret key = store.get(name, SecretScope.DEFAULT);
        String mac = Base64.getEncoder().encodeToString(hmac(key.value(), payload));
        return new SignedPayload(
                "hmac-sha256:v" + key.version() + ":" + mac,
                "HmacSHA256",
                Map.of(SignedPayload.KEY_VERSION, key.version(), "key", name));
    }

    boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        if (signature == null || !signature.startsWith("hmac-sha256:v")) {
            return false;
        }
        String[] parts = signature.split(":", -1);
        if (parts.length != 3) {
            return false;
        }
        byte[] given;
        long version;
        try {
            given = Base64.getDecoder().decode(parts[2]);
            version = Long.parseLong(parts[1].substring(1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        String name = keyName(purpose);
        try {
            long current = Long.parseLong(store.get(name, SecretScope.DEFAULT).version());
            if (version != current && version != current - 1) {
                return false;
            }
            Secret key = store.getVersion(name, Long.toString(version), SecretScope.DEFAULT);
            return MessageDigest.isEqual(hmac(key.value(), payload), given);
        } catch (SecretException e) {
            return false;
        }
    }

    private static byte[] hmac(String base64Key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
