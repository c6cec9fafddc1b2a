package dev.arcanum.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import dev.arcanum.secrets.spi.SecretFields;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * HashiCorp Vault and HCP Vault: secrets in a KV engine (version 2 by default, or 1), signing through
 * Transit (or HMAC over a KV secret when no Transit key is configured), token / AppRole / Kubernetes
 * auth, namespaces. Built by {@link VaultSecretProviderFactory}; see {@code docs/providers/vault.md}.
 *
 * <p><b>Keys</b>: {@code path/to/name#field} reads the KV entry at {@code path/to/name} (KV v2:
 * {@code GET /v1/<mount>/data/<scope prefix><path>}) and picks {@code field} from its map. Scope
 * {@link SecretScope#DEFAULT} has no prefix; any other scope lives under {@code <scope name>/}.
 *
 * <p><b>Writes</b>: a value that is a JSON object of string fields is stored as that map (so
 * {@code #field} works on it); any other value is stored as {@code {"value": "<value>"}}, which a
 * read without {@code #field} returns as is.
 *
 * <p>Thread-safe. {@link #close()} stops the read pool; the provider is unusable afterwards.
 */
public final class VaultSecretProvider implements SecretStore {
    /** Largest value accepted by {@link #put}, in UTF-8 bytes (Consul-backed Vaults cap entries at 512 KiB). */
    public static final int MAX_VALUE_BYTES = 512 * 1024;

    static final String VALUE_FIELD = "value";
    private static final Set<String> WELL_KNOWN_SCOPE_FOLDERS = Set.of(
            SecretScope.SERVICE_ACCOUNT.name() + "/",
            SecretScope.DATABASE.name() + "/",
            SecretScope.THIRD_PARTY_API.name() + "/");

    private final VaultOptions options;
    private final VaultClient client;
    private final VaultKv kv;
    private final VaultTransitSigner transit;
    private final HmacSecretSigner hmacFallback;
    private final ExecutorService reads;

    VaultSecretProvider(VaultOptions options, VaultClient client) {
        this.options = options;
        this.client = client;
        this.kv = VaultKv.of(client, options);
        this.transit = new VaultTransitSigner(client, options.transitMount);
        this.hmacFallback = new HmacSecretSigner(this);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                options.maxInFlight, options.maxInFlight, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "arcanum-vault-read-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.reads = pool;
    }

    @Override
    public String name() {
        return "vault";
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        Objects.requireNonNull(scope, "scope");
        return select(key, k, readEntry(k, scope, null));
    }

    @Override
    public Secret getVersion(String key, String version, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        Objects.requireNonNull(scope, "scope");
        if (!kv.versioned()) {
            throw new SecretException("Provider 'vault' reads a KV version 1 mount ('" + options.kvMount
                    + "'), which keeps no versions; read '" + key + "' without a version");
        }
        long v;
        try {
            v = Long.parseLong(Objects.requireNonNull(version, "version"));
        } catch (NumberFormatException e) {
            v = -1;
        }
        if (v < 1) {
            throw new InvalidSecretKeyException(
                    "Invalid version '" + version + "' for '" + key + "': Vault KV versions are whole numbers from 1");
        }
        return select(key, k, readEntry(k, scope, v));
    }

    private VaultKv.Entry readEntry(SecretKey k, SecretScope scope, Long version) {
        VaultKv.Entry e = kv.read(k.path(), path(k, scope), version);
        if (e == null) {
            throw new SecretNotFoundException("Secret '" + k.path() + "'"
                    + (version == null ? "" : " version " + version) + " not found in scope '" + scope
                    + "' (Vault " + options.kvMount + ", path " + path(k, scope) + ")");
        }
        return e;
    }

    private static Secret select(String requested, SecretKey k, VaultKv.Entry e) {
        return SecretFields.selectFromMap(requested, e.fields(), e.metadata(), k);
    }

    private static String prefix(SecretScope scope) {
        return scope.isDefault() ? "" : scope.name() + "/";
    }

    private static String path(SecretKey k, SecretScope scope) {
        return prefix(scope) + k.path();
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        // Validate everything before the first call, then read each path's map once.
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        for (String key : new LinkedHashSet<>(keys)) {
            parsed.put(key, SecretKey.parse(key));
        }
        Map<String, List<String>> byPath = new LinkedHashMap<>();
        parsed.forEach((text, k) ->
                byPath.computeIfAbsent(k.path(), p -> new ArrayList<>()).add(text));
        Map<String, VaultKv.Entry> entries = parallel(byPath.keySet(), p -> {
            SecretKey k = SecretKey.parse(p);
            try {
                return kv.read(p, path(k, scope), null);
            } catch (SecretNotFoundException deleted) {
                return null;
            }
        });
        Map<String, Secret> out = new LinkedHashMap<>();
        entries.forEach((p, entry) -> {
            for (String text : byPath.get(p)) {
                try {
                    out.put(text, select(text, parsed.get(text), entry));
                } catch (SecretNotFoundException missingField) {
                    // absent keys (and absent fields) are left out, as the contract says
                }
            }
        });
        return out;
    }

    /** Runs {@code read} for each input, at most max-in-flight at once; null results are dropped. */
    private <T> Map<String, T> parallel(Collection<String> inputs, Function<String, T> read) {
        Map<String, T> out = new LinkedHashMap<>();
        if (inputs.size() == 1) {
            String only = inputs.iterator().next();
            T v = read.apply(only);
            if (v != null) {
                out.put(only, v);
            }
            return out;
        }
        Map<String, CompletableFuture<T>> futures = new LinkedHashMap<>();
        for (String in : inputs) {
            futures.put(in, CompletableFuture.supplyAsync(() -> read.apply(in), reads));
        }
        for (Map.Entry<String, CompletableFuture<T>> f : futures.entrySet()) {
            try {
                T v = f.getValue().join();
                if (v != null) {
                    out.put(f.getKey(), v);
                }
            } catch (CompletionException e) {
                futures.values().forEach(other -> other.cancel(false));
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw new SecretException("Vault read failed", e.getCause());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        SecretKey k = writableKey(key, value, scope);
        return kv.write(k.path(), path(k, scope), fieldsOf(value), false);
    }

    @Override
    public boolean putIfAbsent(String key, String value, SecretScope scope) {
        SecretKey k = writableKey(key, value, scope);
        // KV v2: check-and-set 0, so two processes seeding at once never overwrite each other.
        return kv.write(k.path(), path(k, scope), fieldsOf(value), true) != null;
    }

    private static SecretKey writableKey(String key, String value, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        Objects.requireNonNull(scope, "scope");
        if (k.field().isPresent()) {
            throw new InvalidSecretKeyException("Invalid key '" + key
                    + "' for a write: write the whole entry (a JSON object of fields) without '#field'");
        }
        if (value == null) {
            throw new InvalidSecretValueException("The value for '" + key + "' is null");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new InvalidSecretValueException("The value for '" + key + "' is larger than " + MAX_VALUE_BYTES
                    + " bytes, the most this provider writes to one Vault KV entry");
        }
        return k;
    }

    /** A JSON object whose values are all strings becomes the entry's map; anything else is {"value": v}. */
    static Map<String, String> fieldsOf(String value) {
        String t = value.trim();
        if (t.startsWith("{") && t.endsWith("}")) {
            try {
                JsonNode node = VaultClient.JSON.readTree(t);
                if (node.isObject() && node.size() > 0) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    boolean allText = true;
                    var it = node.fields();
                    while (it.hasNext()) {
                        var e = it.next();
                        if (!e.getValue().isTextual()) {
                            allText = false;
                            break;
                        }
                        fields.put(e.getKey(), e.getValue().asText());
                    }
                    if (allText) {
                        return fields;
                    }
                }
            } catch (IOException notJson) {
                // a plain value that happens to start with '{'
            }
        }
        return Map.of(VALUE_FIELD, value);
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        SecretKey k = writableKey(key, "", scope);
        if (!exists(key, scope)) {
            return false;
        }
        kv.delete(path(k, scope));
        return true;
    }

    @Override
    public boolean exists(String key, SecretScope scope) {
        SecretKey k = SecretKey.parse(key).withoutField();
        Objects.requireNonNull(scope, "scope");
        try {
            return kv.read(k.path(), path(k, scope), null) != null;
        } catch (SecretNotFoundException deleted) {
            return false;
        }
    }

    @Override
    public List<SecretMetadata> list(SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        String prefix = prefix(scope);
        List<String> keys = new ArrayList<>();
        walk(prefix, "", scope.isDefault(), keys);
        Map<String, SecretMetadata> described = parallel(keys, key -> kv.describe(key, prefix + key));
        List<SecretMetadata> out = new ArrayList<>(described.values());
        out.sort(Comparator.comparing(SecretMetadata::key));
        return out;
    }

    private void walk(String prefix, String relative, boolean skipScopeFolders, List<String> into) {
        for (String name : kv.listFolder(prefix + relative)) {
            if (name.endsWith("/")) {
                // The default scope's root also holds the other scopes' folders; they are not its entries.
                if (skipScopeFolders && relative.isEmpty() && WELL_KNOWN_SCOPE_FOLDERS.contains(name)) {
                    continue;
                }
                walk(prefix, relative + name, skipScopeFolders, into);
            } else {
                into.add(relative + name);
            }
        }
    }

    @Override
    public BulkResult putAll(Map<String, String> values, SecretScope scope) {
        // Validate every entry before the first write, so a bad one writes nothing.
        values.forEach((k, v) -> writableKey(k, v, scope));
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            boolean existed = exists(e.getKey(), scope);
            put(e.getKey(), e.getValue(), scope);
            (existed ? updated : created).add(e.getKey());
        }
        return new BulkResult(created, updated);
    }

    // ------------------------------------------------------------------ signing

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        Objects.requireNonNull(payload, "payload");
        String key = transitKey(purpose);
        if (key == null) {
            return hmacFallback.sign(payload, purpose);
        }
        return transit.sign(payload, key, hmacMode(purpose));
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        Objects.requireNonNull(payload, "payload");
        String key = transitKey(purpose);
        if (key == null) {
            return hmacFallback.verify(payload, signature, purpose);
        }
        return transit.verify(payload, signature, key, hmacMode(purpose));
    }

    private String transitKey(SecretPurpose purpose) {
        String key = options.transitKey(purpose.name());
        if (key != null && !VaultOptions.validName(key)) {
            throw new SecretConfigurationException("Provider 'vault': secrets.vault.transit.key." + purpose.name()
                    + " is '" + key + "': expected a Transit key name");
        }
        return key;
    }

    private boolean hmacMode(SecretPurpose purpose) {
        String mode = options.transitMode(purpose.name());
        if (mode.equals("hmac")) {
            return true;
        }
        if (mode.equals("sign")) {
            return false;
        }
        throw new SecretConfigurationException("Provider 'vault': secrets.vault.transit.mode." + purpose.name()
                + " is '" + mode + "': expected hmac or sign");
    }

    // ------------------------------------------------------------------ health

    /**
     * {@code GET /v1/sys/health} with Vault's default status codes: 200 is healthy; 429 (standby), 473
     * (performance standby) and 474 (standby without heartbeat) are degraded, reads still work; 472
     * (DR secondary), 501 (not initialized), 503 (sealed), 530 (removed) and no connection are
     * unavailable. Never throws; the details never hold the token.
     */
    @Override
    public SecretProviderHealth healthCheck() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("address", String.valueOf(options.address));
        if (options.namespace != null) {
            details.put("namespace", options.namespace);
        }
        HttpResponse<byte[]> resp;
        try {
            resp = client.probe(new VaultClient.Call("GET", "sys/health", null, false, false, false));
        } catch (IOException e) {
            return SecretProviderHealth.unavailable(
                    "Cannot reach Vault at " + options.address + " ("
                            + e.getClass().getSimpleName() + ")",
                    details);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SecretProviderHealth.unavailable("Interrupted while checking Vault", details);
        } catch (RuntimeException e) {
            return SecretProviderHealth.unavailable(
                    "Vault health check failed (" + e.getClass().getSimpleName() + ")", details);
        }
        int status = resp.statusCode();
        details.put("http_status", status);
        try {
            JsonNode body = VaultClient.JSON.readTree(resp.body());
            for (String f : List.of("version", "initialized", "sealed", "standby", "performance_standby")) {
                JsonNode v = body == null ? null : body.get(f);
                if (v != null && !v.isNull()) {
                    details.put(f, v.isBoolean() ? (Object) v.asBoolean() : v.asText());
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the status code alone decides
        }
        switch (status) {
            case 200:
                return SecretProviderHealth.healthy("Vault is active and unsealed", details);
            case 429:
                return SecretProviderHealth.degraded("Vault node is an unsealed standby; reads still work", details);
            case 473:
                return SecretProviderHealth.degraded("Vault node is a performance standby; reads still work", details);
            case 474:
                return SecretProviderHealth.degraded(
                        "Vault node is a standby that cannot reach the active node; reads still work", details);
            case 472:
                return SecretProviderHealth.unavailable("Vault node is a DR secondary and serves no clients", details);
            case 501:
                return SecretProviderHealth.unavailable("Vault is not initialized", details);
            case 503:
                return SecretProviderHealth.unavailable("Vault is sealed", details);
            case 530:
                return SecretProviderHealth.unavailable("Vault node was removed from its cluster", details);
            default:
                return SecretProviderHealth.unavailable("Vault health check answered HTTP " + status, details);
        }
    }

    @Override
    public void close() {
        reads.shutdownNow();
    }

    @Override
    public String toString() {
        return "VaultSecretProvider{address=" + options.address + ", kv=" + options.kvMount + " v" + options.kvVersion
                + (options.namespace == null ? "" : ", namespace=" + options.namespace) + "}";
    }
}
