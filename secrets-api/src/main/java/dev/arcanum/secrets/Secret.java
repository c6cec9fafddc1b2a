package dev.arcanum.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A secret as read from a backend: its key, its value, the version the read returned and its
 * metadata.
 *
 * <p>Immutable and thread-safe. Deliberately not a record: {@link #toString()} never shows the
 * value, and {@link #equals(Object)} compares values in constant time.
 *
 * <p>A value is text ({@link #value()}); a backend that stores bytes (AWS {@code SecretBinary})
 * creates the secret with {@link #ofBytes}, and then {@link #bytes()} returns them while {@link
 * #value()} returns their Base64 text.
 */
public final class Secret {
    private final String key;
    private final String value;
    private final byte[] bytes;
    private final SecretMetadata metadata;

    private Secret(String key, String value, byte[] bytes, SecretMetadata metadata) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
        this.bytes = bytes;
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * @param key the key as the caller asked for it (with {@code #field} if one was asked for)
     * @param value the value, never null
     * @param version the backend's version id, or null
     * @return the secret
     */
    public static Secret of(String key, String value, String version) {
        return new Secret(
                key, value, null, SecretMetadata.of(SecretKey.parse(key).path(), version));
    }

    /**
     * @param key the key as the caller asked for it
     * @param value the value, never null
     * @param metadata the metadata; its version is this secret's version
     * @return the secret
     */
    public static Secret of(String key, String value, SecretMetadata metadata) {
        return new Secret(key, value, null, metadata);
    }

    /**
     * @param key the key as the caller asked for it
     * @param bytes the binary value, copied
     * @param metadata the metadata
     * @return a binary secret whose {@link #value()} is the Base64 text of the bytes
     */
    public static Secret ofBytes(String key, byte[] bytes, SecretMetadata metadata) {
        byte[] copy = bytes.clone();
        return new Secret(key, Base64.getEncoder().encodeToString(copy), copy, metadata);
    }

    /**
     * @return the key, never null
     */
    public String key() {
        return key;
    }

    /**
     * @return the value, never null
     */
    public String value() {
        return value;
    }

    /**
     * @return the binary value for a binary secret, else the UTF-8 bytes of the value; a fresh copy
     */
    public byte[] bytes() {
        return bytes != null ? bytes.clone() : value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @return true when the backend stored bytes rather than text
     */
    public boolean isBinary() {
        return bytes != null;
    }

    /**
     * @return the version this read returned, or null where the backend keeps no versions
     */
    public String version() {
        return metadata.version();
    }

    /**
     * @return the metadata, never null
     */
    public SecretMetadata metadata() {
        return metadata;
    }

    /**
     * @param newKey the key to report
     * @param newValue the value to report
     * @return a secret with the same metadata and another key and value (used for {@code #field})
     */
    public Secret withKeyAndValue(String newKey, String newValue) {
        return new Secret(newKey, newValue, null, metadata);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Secret)) {
            return false;
        }
        Secret s = (Secret) o;
        return key.equals(s.key)
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8))
                && Arrays.equals(bytes, s.bytes)
                && metadata.equals(s.metadata);
    }

    @Override
    public int hashCode() {
        // The value is left out on purpose: a hash of it would be a cheap oracle for guessing it.
        return Objects.hash(key, metadata);
    }

    /**
     * @return the key and version; never the value
     */
    @Override
    public String toString() {
        return "Secret{key=" + key + ", version=" + metadata.version() + ", value=****}";
    }
}
