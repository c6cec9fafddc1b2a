package dev.arcanum.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KV secrets engine, version 2 or 1. Paths are full paths under the mount (scope prefix
 * included); keys are only used in messages.
 *
 * <p>KV v2: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2 ; KV v1:
 * https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1 . Thread-safe.
 */
abstract class VaultKv {
    /** One entry as read: its fields and the metadata of the version read. */
    record Entry(Map<String, Object> fields, SecretMetadata metadata) {}

    final VaultClient client;
    final String mount;

    VaultKv(VaultClient client, String mount) {
        this.client = client;
        this.mount = mount;
    }

    static VaultKv of(VaultClient client, VaultOptions options) {
        return options.kvVersion == 1 ? new V1(client, options.kvMount) : new V2(client, options.kvMount);
    }

    abstract boolean versioned();

    /**
     * @param version a version number, or null for the latest
     * @return the entry, or null if there is none
     * @throws SecretNotFoundException if the version was deleted or destroyed (the message says so)
     */
    abstract Entry read(String key, String path, Long version);

    /**
     * @return the new version's metadata, or null when {@code createOnly} and the entry exists
     */
    abstract SecretMetadata write(String key, String path, Map<String, String> fields, boolean createOnly);

    /** The path a DELETE goes to for an entry: KV v2 soft-deletes through {@code data/}. */
    abstract String deletePath(String path);

    /** The path that lists a folder: KV v2 lists {@code metadata/}. */
    abstract String listPath(String folder);

    final void delete(String path) {
        VaultClient.Call call = new VaultClient.Call("DELETE", deletePath(path), null, true, true, true);
        VaultClient.Response r = client.execute(call);
        if (r.status() == 400) {
            throw client.rejected(call, r);
        }
    }

    /** Names directly under a folder (folders end in {@code /}), by {@code GET ?list=true}; empty when there is none. */
    final List<String> listFolder(String folder) {
        VaultClient.Call call = VaultClient.Call.read(listPath(folder) + "?list=true");
        VaultClient.Response r = client.execute(call);
        if (r.status() == 404) {
            return List.of();
        }
        if (r.status() == 400) {
            throw client.rejected(call, r);
        }
        return keys(r.body());
    }

    /** Metadata for a listing, or null when the entry's current version is deleted. */
    abstract SecretMetadata describe(String key, String path);

    static Map<String, Object> fields(JsonNode data) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (data == null || !data.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = data.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            out.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
        }
        return out;
    }

    static Instant time(JsonNode n) {
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    List<String> keys(JsonNode body) {
        List<String> out = new ArrayList<>();
        JsonNode keys = body == null ? null : body.path("data").get("keys");
        if (keys != null && keys.isArray()) {
            keys.forEach(k -> out.add(k.asText()));
        }
        return out;
    }

    /** KV version 2: data/, metadata/, check-and-set, soft delete. */
    static final class V2 extends VaultKv {
        V2(VaultClient client, String mount) {
            super(client, mount);
        }

        @Override
        boolean versioned() {
            return true;
        }

        @Override
        Entry read(String key, String path, Long version) {
            String p = mount + "/data/" + path + (version == null ? "" : "?version=" + version);
            VaultClient.Call call = VaultClient.Call.read(p);
            VaultClient.Response r = client.execute(call);
            JsonNode data = r.data();
            JsonNode meta = data == null ? null : data.get("metadata");
            if (r.status() == 404) {
                if (meta != null && meta.isObject()) {
                    // A 404 carrying metadata is a deleted or destroyed version, not a miss (kv plugin path_data.go).
                    String v = meta.path("version").asText();
                    String how = meta.path("destroyed").asBoolean(false)
                            ? "was destroyed"
                            : "was deleted at " + meta.path("deletion_time").asText();
                    throw new SecretNotFoundException("Secret '" + key + "' version " + v + " " + how + " (Vault "
                            + mount + "/data/" + path + ", HTTP 404)");
                }
                return null;
            }
            if (r.status() == 400) {
                throw client.rejected(call, r);
            }
            if (data == null || meta == null) {
                throw new SecretProviderUnavailableException("Vault GET " + mount + "/data/"
                        + path + " returned HTTP " + r.status() + " without data.metadata; is " + mount
                        + " a KV version 2 mount? (set " + VaultSettings.KV_VERSION.property() + "=1 for KV v1)");
            }
            Instant created = time(meta.get("created_time"));
            SecretMetadata md = SecretMetadata.of(
                    key, meta.path("version").asText(), created, created, Map.of("vault.mount", mount));
            return new Entry(fields(data.get("data")), md);
        }

        @Override
        SecretMetadata write(String key, String path, Map<String, String> fields, boolean createOnly) {
            if (!createOnly) {
                return write(key, path, fields, null);
            }
            SecretMetadata created = write(key, path, fields, 0L);
            if (created != null) {
                return created;
            }
            // cas 0 fails while metadata exists, even when every version is deleted; such an entry is
            // absent to callers, so take over its current version with check-and-set on that version.
            Long deletedCurrent = deletedCurrentVersion(path);
            return deletedCurrent == null ? null : write(key, path, fields, deletedCurrent);
        }

        private SecretMetadata write(String key, String path, Map<String, String> fields, Long cas) {
            ObjectNode body = VaultClient.JSON.createObjectNode();
            if (cas != null) {
                body.putObject("options").put("cas", cas);
            }
            ObjectNode data = body.putObject("data");
            fields.forEach(data::put);
            VaultClient.Call call = VaultClient.Call.write("POST", mount + "/data/" + path, body);
            VaultClient.Response r = client.execute(call);
            if (r.status() == 400) {
                if (cas != null
                        && r.errors().stream().anyMatch(e -> e.contains("check-and-set parameter did not match"))) {
                    return null;
                }
                throw client.rejected(call, r);
            }
            if (r.status() == 404) {
                throw new SecretNotFoundException("Vault has no KV engine at '" + mount + "' (POST " + mount + "/data/"
                        + path + ", HTTP 404); check " + VaultSettings.KV_MOUNT.property());
            }
            JsonNode d = r.data();
            Instant created = d == null ? null : time(d.get("created_time"));
            String version =
                    d == null || !d.has("version") ? null : d.get("version").asText();
            return SecretMetadata.of(key, version, created, created, Map.of("vault.mount", mount));
        }

        /** The current version number when it is deleted or destroyed, else null. */
        private Long deletedCurrentVersion(String path) {
            VaultClient.Response r = client.execute(VaultClient.Call.read(mount + "/metadata/" + path));
            if (r.status() != 200 || r.data() == null) {
                return null;
            }
            JsonNode d = r.data();
            long current = d.path("current_version").asLong(0);
            JsonNode v = d.path("versions").path(String.valueOf(current));
            boolean gone = v.path("destroyed").asBoolean(false)
                    || !v.path("deletion_time").asText("").isEmpty();
            return current > 0 && gone ? current : null;
        }

        @Override
        String deletePath(String path) {
            // A soft delete of the latest version; the metadata and older versions stay.
            return mount + "/data/" + path;
        }

        @Override
        String listPath(String folder) {
            return mount + "/metadata/" + folder;
        }

        @Override
        SecretMetadata describe(String key, String path) {
            VaultClient.Call call = VaultClient.Call.read(mount + "/metadata/" + path);
            VaultClient.Response r = client.execute(call);
            if (r.status() != 200 || r.data() == null) {
                return null;
            }
            JsonNode d = r.data();
            String current = d.path("current_version").asText();
            JsonNode v = d.path("versions").path(current);
            if (v.path("destroyed").asBoolean(false)
                    || !v.path("deletion_time").asText("").isEmpty()) {
                return null;
            }
            return SecretMetadata.of(
                    key,
                    current,
                    time(d.get("created_time")),
                    time(d.get("updated_time")),
                    Map.of("vault.mount", mount));
        }
    }

    /** KV version 1: one unversioned map per path. */
    static final class V1 extends VaultKv {
        V1(VaultClient client, String mount) {
            super(client, mount);
        }

        @Override
        boolean versioned() {
            return false;
        }

        @Override
        Entry read(String key, String path, Long version) {
            VaultClient.Call call = VaultClient.Call.read(mount + "/" + path);
            VaultClient.Response r = client.execute(call);
            if (r.status() == 404) {
                return null;
            }
            if (r.status() == 400) {
                throw client.rejected(call, r);
            }
            return new Entry(fields(r.data()), SecretMetadata.of(key, null, null, null, Map.of("vault.mount", mount)));
        }

        @Override
        SecretMetadata write(String key, String path, Map<String, String> fields, boolean createOnly) {
            // KV v1 has no check-and-set: check then write, a documented race.
            if (createOnly && read(key, path, null) != null) {
                return null;
            }
            ObjectNode body = VaultClient.JSON.createObjectNode();
            fields.forEach(body::put);
            VaultClient.Call call = VaultClient.Call.write("POST", mount + "/" + path, body);
            VaultClient.Response r = client.execute(call);
            if (r.status() == 400 || r.status() == 404) {
                throw client.rejected(call, r);
            }
            return SecretMetadata.of(key, null, null, null, Map.of("vault.mount", mount));
        }

        @Override
        String deletePath(String path) {
            return mount + "/" + path;
        }

        @Override
        String listPath(String folder) {
            return mount + "/" + folder;
        }

        @Override
        SecretMetadata describe(String key, String path) {
            return SecretMetadata.of(key, null, null, null, Map.of("vault.mount", mount));
        }
    }
}
