package dev.arcanum.secrets.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretScope;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of a versioned store: scope to key to versions. Shared by the {@code memory} store
 * (held in memory) and the {@code local} store (serialised as one JSON document inside the
 * encrypted file).
 *
 * <p>Not thread-safe: the owning store guards it. Version numbers grow per key from 1 and are never
 * reused while the key exists; only the newest {@code maxVersions} are kept.
 */
final class VersionedEntries {
    /** Format of the JSON document; bumped on an incompatible change. */
    static final int DOCUMENT_FORMAT = 1;

    private final Map<String, TreeMap<String, Entry>> scopes = new TreeMap<>();
    private int modifications;

    static final class Version {
        final long number;
        final String value;
        final Instant createdAt;

        Version(long number, String value, Instant createdAt) {
            this.number = number;
            this.value = value;
            this.createdAt = createdAt;
        }
    }

    static final class Entry {
        final Instant createdAt;
        long lastVersion;
        final List<Version> versions = new ArrayList<>(); // oldest first

        Entry(Instant createdAt) {
            this.createdAt = createdAt;
        }

        Version current() {
            return versions.get(versions.size() - 1);
        }
    }

    /**
     * @return a counter that changes whenever the content changes, so a store can tell whether a
     *     transaction has anything to write
     */
    int modifications() {
        return modifications;
    }

    Entry entry(SecretScope scope, String path) {
        TreeMap<String, Entry> keys = scopes.get(scope.name());
        return keys == null ? null : keys.get(path);
    }

    boolean exists(SecretScope scope, String path) {
        return entry(scope, path) != null;
    }

    /**
     * @return the current version as a secret, or null when absent
     */
    Secret current(SecretScope scope, String path) {
        Entry e = entry(scope, path);
        return e == null ? null : toSecret(path, e, e.current());
    }

    /**
     * @return that version as a secret, or null when the key or the version is absent
     */
    Secret version(SecretScope scope, String path, long number) {
        Entry e = entry(scope, path);
        if (e == null) {
            return null;
        }
        for (Version v : e.versions) {
            if (v.number == number) {
                return toSecret(path, e, v);
            }
        }
        return null;
    }

    /**
     * Stores a new version, dropping the oldest beyond {@code maxVersions}.
     *
     * @return the metadata of the version written
     */
    SecretMetadata put(SecretScope scope, String path, String value, Instant now, int maxVersions) {
        TreeMap<String, Entry> keys = scopes.computeIfAbsent(scope.name(), s -> new TreeMap<>());
        Entry e = keys.computeIfAbsent(path, p -> new Entry(now));
        e.lastVersion++;
        Version v = new Version(e.lastVersion, value, now);
        e.versions.add(v);
        while (e.versions.size() > maxVersions) {
            e.versions.remove(0);
        }
        modifications++;
        return metadata(path, e, v);
    }

    boolean delete(SecretScope scope, String path) {
        TreeMap<String, Entry> keys = scopes.get(scope.name());
        if (keys == null || keys.remove(path) == null) {
            return false;
        }
        if (keys.isEmpty()) {
            scopes.remove(scope.name());
        }
        modifications++;
        return true;
    }

    /**
     * @return metadata of the current version of every key of the scope, sorted by key
     */
    List<SecretMetadata> list(SecretScope scope) {
        TreeMap<String, Entry> keys = scopes.get(scope.name());
        if (keys == null) {
            return List.of();
        }
        List<SecretMetadata> out = new ArrayList<>(keys.size());
        keys.forEach((path, e) -> out.add(metadata(path, e, e.current())));
        return out;
    }

    /**
     * @return how many keys exist across all scopes
     */
    int size() {
        int n = 0;
        for (TreeMap<String, Entry> keys : scopes.values()) {
            n += keys.size();
        }
        return n;
    }

    /**
     * @return how many scopes hold at least one key
     */
    int scopeCount() {
        return scopes.size();
    }

    private static Secret toSecret(String path, Entry e, Version v) {
        return Secret.of(path, v.value, metadata(path, e, v));
    }

    private static SecretMetadata metadata(String path, Entry e, Version v) {
        return SecretMetadata.of(path, Long.toString(v.number), e.createdAt, v.createdAt, null);
    }

    /**
     * Serialises every scope, key and version (values included: the caller encrypts the result).
     *
     * @param mapper the mapper that makes the node
     * @return the document
     */
    ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", DOCUMENT_FORMAT);
        ObjectNode scopesNode = root.putObject("scopes");
        scopes.forEach((scope, keys) -> {
            ObjectNode scopeNode = scopesNode.putObject(scope);
            keys.forEach((path, e) -> {
                ObjectNode entryNode = scopeNode.putObject(path);
                entryNode.put("createdAt", e.createdAt.toString());
                entryNode.put("lastVersion", e.lastVersion);
                ArrayNode versions = entryNode.putArray("versions");
                for (Version v : e.versions) {
                    versions.addObject()
                            .put("version", v.number)
                            .put("createdAt", v.createdAt.toString())
                            .put("value", v.value);
                }
            });
        });
        return root;
    }

    /**
     * Reads a document written by {@link #toJson}.
     *
     * @param root the document
     * @return the entries
     * @throws IllegalArgumentException naming the first structural problem (never a value)
     */
    static VersionedEntries fromJson(JsonNode root) {
        VersionedEntries out = new VersionedEntries();
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the document is not a JSON object");
        }
        int format = root.path("format").asInt(-1);
        if (format != DOCUMENT_FORMAT) {
            throw new IllegalArgumentException("unsupported document format " + root.path("format"));
        }
        JsonNode scopesNode = root.path("scopes");
        if (!scopesNode.isObject()) {
            throw new IllegalArgumentException("'scopes' is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = scopesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> scope = it.next();
            TreeMap<String, Entry> keys = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> kt = scope.getValue().fields(); kt.hasNext(); ) {
                Map.Entry<String, JsonNode> key = kt.next();
                JsonNode node = key.getValue();
                Entry e = new Entry(instant(node.path("createdAt"), key.getKey()));
                e.lastVersion = node.path("lastVersion").asLong();
                for (JsonNode v : node.path("versions")) {
                    JsonNode value = v.path("value");
                    if (!value.isTextual()) {
                        throw new IllegalArgumentException("a version of '" + key.getKey() + "' has no value");
                    }
                    e.versions.add(new Version(
                            v.path("version").asLong(), value.asText(), instant(v.path("createdAt"), key.getKey())));
                }
                if (e.versions.isEmpty()) {
                    throw new IllegalArgumentException("'" + key.getKey() + "' has no versions");
                }
                keys.put(key.getKey(), e);
            }
            if (!keys.isEmpty()) {
                out.scopes.put(scope.getKey(), keys);
            }
        }
        return out;
    }

    private static Instant instant(JsonNode node, String key) {
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + key + "' has a malformed timestamp");
        }
    }
}
