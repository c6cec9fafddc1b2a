package dev.arcanum.secrets.spi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.arcanum.secrets.ReadOnlyStoreException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signing for backends without native signing. The signing key is a secret in the same
 * provider: {@code signing-keys/<purpose>} in {@link SecretScope#DEFAULT}, one per {@link
 * SecretPurpose}. When it is missing and the provider is a writable {@link SecretStore}, 32 random
 * bytes (Base64) are stored with {@link SecretStore#putIfAbsent}, so two processes racing to create
 * it agree on one key.
 *
 * <p>Signature format: {@code hmac-sha256:<key version>:<Base64url MAC without padding>}, with
 * {@code -} as the version where the backend keeps none. {@link #verify} is constant-time and
 * accepts the current and the previous key version, so a rotation does not reject payloads signed
 * a moment earlier.
 *
 * <p>The current key is kept in memory for a short time ({@link #DEFAULT_KEY_CACHE_TTL}) so a
 * busy signer does not read the backend on every call; a signature naming a version the cache does
 * not know triggers one fresh read.
 *
 * <p>Thread-safe.
 */
public final class HmacSecretSigner {
    /** The prefix of signatures this signer makes. */
    public static final String SCHEME = "hmac-sha256";
    /** The JCA algorithm name reported in {@link SignedPayload#algorithm()}. */
    public static final String ALGORITHM = "HmacSHA256";
    /** How long the current key is kept in memory by default. */
    public static final Duration DEFAULT_KEY_CACHE_TTL = Duration.ofSeconds(30);
    /** Shortest key accepted, in bytes. */
    public static final int MIN_KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretProvider provider;
    private final PreviousVersionLookup previous;
    private final Cache<SecretPurpose, Secret> currentKeys;

    /**
     * A signer with numeric previous-version lookup and the default key cache.
     *
     * @param provider the provider holding the signing keys; usually the provider itself ({@code
     *     this})
     */
    public HmacSecretSigner(SecretProvider provider) {
        this(provider, PreviousVersionLookup.numeric());
    }

    /**
     * @param provider the provider holding the signing keys
     * @param previous how to find the previous key version on this backend
     */
    public HmacSecretSigner(SecretProvider provider, PreviousVersionLookup previous) {
        this(provider, previous, DEFAULT_KEY_CACHE_TTL, Ticker.systemTicker());
    }

    /**
     * @param provider the provider holding the signing keys
     * @param previous how to find the previous key version on this backend
     * @param keyCacheTtl how long the current key is kept in memory; zero to read it every time
     * @param ticker time source for the key cache (tests)
     */
    public HmacSecretSigner(
            SecretProvider provider, PreviousVersionLookup previous, Duration keyCacheTtl, Ticker ticker) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.previous = Objects.requireNonNull(previous, "previous");
        this.currentKeys = Caffeine.newBuilder()
                .expireAfterWrite(keyCacheTtl)
                .ticker(ticker)
                .maximumSize(64)
                .build();
    }

    /**
     * @param purpose the purpose
     * @return the key name holding its signing key, {@code signing-keys/<purpose>}
     */
    public static String keyName(SecretPurpose purpose) {
        return "signing-keys/" + purpose.name();
    }

    /**
     * Signs with the current key version of the purpose, creating the key if it is missing and the
     * provider can store it.
     *
     * @param payload the bytes to sign
     * @param purpose the purpose
     * @return the signature, {@code algorithm} {@value #ALGORITHM}, metadata {@code key_version} and
     *     {@code key}
     * @throws SecretNotFoundException if there is no key and none can be created
     */
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        Objects.requireNonNull(payload, "payload");
        Secret key = currentKeys.get(purpose, this::loadOrCreate);
        String version = key.version() == null ? "-" : key.version();
        String mac = Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, payload));
        return new SignedPayload(
                SCHEME + ":" + version + ":" + mac,
                ALGORITHM,
                Map.of(SignedPayload.KEY_VERSION, version, "key", keyName(purpose)));
    }

    /**
     * Verifies a signature made by {@link #sign}. Malformed, tampered or foreign signatures, and a
     * purpose without a key, give false; backend failures are thrown.
     *
     * @param payload the signed bytes
     * @param signature the signature text
     * @param purpose the purpose it was signed for
     * @return true if it was made with the current or the previous key version
     */
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        if (payload == null || signature == null || !signature.startsWith(SCHEME + ":")) {
            return false;
        }
        int last = signature.lastIndexOf(':');
        if (last <= SCHEME.length()) {
            return false;
        }
        String version = signature.substring(SCHEME.length() + 1, last);
        String encoded = signature.substring(last + 1);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return false;
        }
        // The decoder ignores the unused low bits of the last character; accept only the canonical
        // text so a signature cannot be altered and still verify.
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(given).equals(encoded)) {
            return false;
        }
        Secret current = currentKeys.getIfPresent(purpose);
        if (current == null || !knows(current, version)) {
            // Unknown version: the cached key may be stale after a rotation, so read once afresh.
            Optional<Secret> fresh = readCurrent(purpose);
            if (fresh.isEmpty()) {
                return false;
            }
            current = fresh.get();
            currentKeys.put(purpose, current);
        }
        Secret candidate = null;
        if (versionOf(current).equals(version)) {
            candidate = current;
        } else {
            Optional<Secret> prev = previous.previous(provider, keyName(purpose), SecretScope.DEFAULT, current);
            if (prev.isPresent() && versionOf(prev.get()).equals(version)) {
                candidate = prev.get();
            }
        }
        return candidate != null && MessageDigest.isEqual(mac(candidate, payload), given);
    }

    private boolean knows(Secret current, String version) {
        if (versionOf(current).equals(version)) {
            return true;
        }
        // The previous version is resolved on demand; only a newer version means a stale cache.
        try {
            return Long.parseLong(version) < Long.parseLong(versionOf(current));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String versionOf(Secret s) {
        return s.version() == null ? "-" : s.version();
    }

    private Optional<Secret> readCurrent(SecretPurpose purpose) {
        try {
            return Optional.of(provider.get(keyName(purpose), SecretScope.DEFAULT));
        } catch (SecretNotFoundException e) {
            return Optional.empty();
        }
    }

    private Secret loadOrCreate(SecretPurpose purpose) {
        Optional<Secret> existing = readCurrent(purpose);
        if (existing.isPresent()) {
            return existing.get();
        }
        String name = keyName(purpose);
        if (provider instanceof SecretStore) {
            byte[] fresh = new byte[MIN_KEY_BYTES];
            RANDOM.nextBytes(fresh);
            try {
                ((SecretStore) provider)
                        .putIfAbsent(name, Base64.getEncoder().encodeToString(fresh), SecretScope.DEFAULT);
                return provider.get(name, SecretScope.DEFAULT);
            } catch (ReadOnlyStoreException e) {
                throw missingKey(name, "the store is read-only");
            }
        }
        throw missingKey(name, "provider '" + provider.name() + "' cannot store one");
    }

    private static SecretNotFoundException missingKey(String name, String why) {
        return new SecretNotFoundException("No signing key '" + name + "' and " + why
                + "; store one (at least " + MIN_KEY_BYTES + " random bytes, for example the output of"
                + " 'openssl rand -base64 32') under that key");
    }

    private static byte[] mac(Secret key, byte[] payload) {
        byte[] keyBytes = key.bytes();
        if (keyBytes.length < MIN_KEY_BYTES) {
            throw new SecretConfigurationException("Signing key '" + key.key() + "' is shorter than " + MIN_KEY_BYTES
                    + " bytes; store a longer random key");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(keyBytes, ALGORITHM));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /**
     * @return the scheme, never a key
     */
    @Override
    public String toString() {
        return "HmacSecretSigner{" + SCHEME + ", provider=" + provider.name() + "}";
    }
}
