package dev.arcanum.secrets;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What is known about a secret without its value: its key, the version a read or write produced,
 * timestamps and backend attributes (content type, tags, staging labels, …).
 *
 * <p>Immutable and thread-safe. Attributes never hold values or credentials.
 */
public final class SecretMetadata {
    private final String key;
    private final String version;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final Map<String, String> attributes;

    private SecretMetadata(
            String key, String version, Instant createdAt, Instant updatedAt, Map<String, String> attributes) {
        this.key = Objects.requireNonNull(key, "key");
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * @param key the key as the caller wrote it (without {@code #field})
     * @param version the backend's version id, or null where the backend keeps none
     * @return metadata with no timestamps and no attributes
     */
    public static SecretMetadata of(String key, String version) {
        return new SecretMetadata(key, version, null, null, null);
    }

    /**
     * @param key the key as the caller wrote it (without {@code #field})
     * @param version the backend's version id, or null
     * @param createdAt when the secret (or this version) was created, or null
     * @param updatedAt when the secret was last changed, or null
     * @param attributes backend attributes; null means none; copied
     * @return the metadata
     */
    public static SecretMetadata of(
            String key, String version, Instant createdAt, Instant updatedAt, Map<String, String> attributes) {
        return new SecretMetadata(key, version, createdAt, updatedAt, attributes);
    }

    /**
     * @return the key, never null
     */
    public String key() {
        return key;
    }

    /**
     * @return the version id, or null where the backend keeps no versions
     */
    public String version() {
        return version;
    }

    /**
     * @return creation time, or null when the backend does not say
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * @return last-change time, or null when the backend does not say
     */
    public Instant updatedAt() {
        return updatedAt;
    }

    /**
     * @return backend attributes, never null, unmodifiable
     */
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretMetadata)) {
            return false;
        }
        SecretMetadata m = (SecretMetadata) o;
        return key.equals(m.key)
                && Objects.equals(version, m.version)
                && Objects.equals(createdAt, m.createdAt)
                && Objects.equals(updatedAt, m.updatedAt)
                && attributes.equals(m.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, version, createdAt, updatedAt, attributes);
    }

    @Override
    public String toString() {
        return "SecretMetadata{key=" + key + ", version=" + version + ", createdAt=" + createdAt + ", updatedAt="
                + updatedAt + ", attributes=" + new TreeMap<>(attributes) + "}";
    }
}
