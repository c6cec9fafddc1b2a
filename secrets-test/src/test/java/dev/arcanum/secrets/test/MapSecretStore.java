package dev.arcanum.secrets.test;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.Secret;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference {@link SecretStore} of the self-tests: a map per scope, a list of versions per key,
 * {@code #field} on JSON-object values through the core {@link SecretFields}, signing through the core
 * {@link HmacSecretSigner}. Each {@link Defect} switches on one deliberate
 * bug, so the self-tests can prove the kit catches it.
 *
 * <p>Thread-safe (every method is synchronized). {@link #calls} counts backend operations, counted
 * only after a key was validated unless {@link Defect#VALIDATES_AFTER_IO}.
 */
final class MapSecretStore implements SecretStore {
    private static final Logger LOG = LoggerFactory.getLogger(MapSecretStore.class);
    private static final SecretPurpose SHARED_PURPOSE = SecretPurpose.of("shared");

    /** One deliberate bug each. */
    enum Defect {
        /** Every scope reads and writes one shared map. */
        SHARED_SCOPES,
        /** Logs each value read at TRACE. */
        LOGS_VALUES,
        /** {@code toString()} prints the entries with their values. */
        TO_STRING_LEAKS_VALUES,
        /** A missing {@code #field} error quotes the whole JSON value. */
        FIELD_ERROR_LEAKS_VALUES,
        /** {@code getMany} throws for an absent key instead of leaving it out. */
        GET_MANY_THROWS_ON_ABSENT,
        /** Counts a backend call before validating the key. */
        VALIDATES_AFTER_IO,
        /** {@code list} puts a preview of each value into the metadata attributes. */
        LIST_LEAKS_VALUES,
        /** One signing key for every purpose. */
        SIGN_IGNORES_PURPOSE,
        /** {@code verify} throws for a malformed signature instead of returning false. */
        VERIFY_THROWS_ON_GARBAGE,
        /** {@code healthCheck} throws. */
        HEALTH_THROWS,
        /** {@code put} overwrites the current version instead of adding one. */
        PUT_OVERWRITES_VERSION,
        /** {@code putAll} reports every key as created. */
        PUT_ALL_COUNTS_EVERYTHING_CREATED,
        /** {@code putAll} checks each entry just before writing it, so earlier ones are written. */
        PUT_ALL_VALIDATES_AS_IT_GOES
    }

    private final Set<Defect> defects;
    private final AtomicLong calls;
    private final Map<SecretScope, Map<String, List<String>>> scopes = new HashMap<>();
    private final HmacSecretSigner signer;
    private boolean closed;

    MapSecretStore() {
        this(EnumSet.noneOf(Defect.class), new AtomicLong());
    }

    MapSecretStore(Set<Defect> defects, AtomicLong calls) {
        this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
        this.calls = calls;
        this.signer = new HmacSecretSigner(this);
    }

    private boolean has(Defect d) {
        return defects.contains(d);
    }

    private SecretKey validate(String key) {
        if (has(Defect.VALIDATES_AFTER_IO)) {
            calls.incrementAndGet();
            return SecretKey.parse(key);
        }
        return SecretKey.parse(key);
    }

    /** One backend round trip, made only after every key of the call was validated. */
    private void backendCall() {
        calls.incrementAndGet();
    }

    private SecretKey validateWriteKey(String key) {
        SecretKey parsed = validate(key);
        if (parsed.fieldOrNull() != null) {
            throw new dev.arcanum.secrets.InvalidSecretKeyException(
                    "Invalid key '" + key + "': writes take a key without '#field'");
        }
        return parsed;
    }

    private Map<String, List<String>> entries(SecretScope scope) {
        SecretScope effective = has(Defect.SHARED_SCOPES) ? SecretScope.DEFAULT : scope;
        return scopes.computeIfAbsent(effective, s -> new TreeMap<>());
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public synchronized Secret get(String key, SecretScope scope) {
        SecretKey parsed = validate(key);
        backendCall();
        List<String> versions = entries(scope).get(parsed.path());
        if (versions == null) {
            throw new SecretNotFoundException("Secret '" + parsed.path() + "' not found in scope '" + scope + "'");
        }
        return read(key, parsed, versions.size(), versions.get(versions.size() - 1));
    }

    @Override
    public synchronized Secret getVersion(String key, String version, SecretScope scope) {
        SecretKey parsed = validate(key);
        backendCall();
        List<String> versions = entries(scope).get(parsed.path());
        int n;
        try {
            n = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (versions == null || n < 1 || n > versions.size()) {
            throw new SecretNotFoundException(
                    "Secret '" + parsed.path() + "' has no version " + version + " in scope '" + scope + "'");
        }
        return read(key, parsed, n, versions.get(n - 1));
    }

    private Secret read(String key, SecretKey parsed, int version, String value) {
        LOG.debug("Read '{}' version {}", parsed.path(), version);
        if (has(Defect.LOGS_VALUES)) {
            LOG.trace("Read '{}' = {}", parsed.path(), value);
        }
        Secret whole = Secret.of(parsed.path(), value, SecretMetadata.of(parsed.path(), Integer.toString(version)));
        try {
            return SecretFields.select(whole, parsed);
        } catch (SecretNotFoundException e) {
            if (has(Defect.FIELD_ERROR_LEAKS_VALUES)) {
                throw new SecretNotFoundException(e.getMessage() + " in " + value);
            }
            throw e;
        }
    }

    @Override
    public synchronized Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        for (String k : keys) {
            validate(k);
        }
        Map<String, Secret> found = new LinkedHashMap<>();
        for (String k : new LinkedHashSet<>(keys)) {
            try {
                found.put(k, get(k, scope));
            } catch (SecretNotFoundException e) {
                if (has(Defect.GET_MANY_THROWS_ON_ABSENT)) {
                    throw e;
                }
            }
        }
        return found;
    }

    @Override
    public synchronized SecretMetadata put(String key, String value, SecretScope scope) {
        SecretKey parsed = validateWriteKey(key);
        java.util.Objects.requireNonNull(value, "value");
        backendCall();
        List<String> versions = entries(scope).computeIfAbsent(parsed.path(), k -> new ArrayList<>());
        if (has(Defect.PUT_OVERWRITES_VERSION) && !versions.isEmpty()) {
            versions.set(versions.size() - 1, value);
        } else {
            versions.add(value);
        }
        LOG.debug("Stored '{}' version {} in scope '{}'", parsed.path(), versions.size(), scope);
        return SecretMetadata.of(parsed.path(), Integer.toString(versions.size()));
    }

    @Override
    public synchronized boolean delete(String key, SecretScope scope) {
        SecretKey parsed = validateWriteKey(key);
        backendCall();
        return entries(scope).remove(parsed.path()) != null;
    }

    @Override
    public synchronized boolean exists(String key, SecretScope scope) {
        SecretKey parsed = validateWriteKey(key);
        backendCall();
        return entries(scope).containsKey(parsed.path());
    }

    @Override
    public synchronized List<SecretMetadata> list(SecretScope scope) {
        backendCall();
        List<SecretMetadata> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : entries(scope).entrySet()) {
            List<String> versions = e.getValue();
            Map<String, String> attributes = has(Defect.LIST_LEAKS_VALUES)
                    ? Map.of("preview", versions.get(versions.size() - 1))
                    : Map.of("versions", Integer.toString(versions.size()));
            out.add(SecretMetadata.of(e.getKey(), Integer.toString(versions.size()), null, null, attributes));
        }
        return out;
    }

    @Override
    public synchronized BulkResult putAll(Map<String, String> values, SecretScope scope) {
        if (!has(Defect.PUT_ALL_VALIDATES_AS_IT_GOES)) {
            // Every key and value first: a rejected call writes nothing.
            values.forEach((k, v) -> {
                validateWriteKey(k);
                java.util.Objects.requireNonNull(v, "value");
            });
        }
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (Iterator<Map.Entry<String, String>> it = values.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> e = it.next();
            boolean existed = entries(scope).containsKey(e.getKey());
            put(e.getKey(), e.getValue(), scope);
            (existed && !has(Defect.PUT_ALL_COUNTS_EVERYTHING_CREATED) ? updated : created).add(e.getKey());
        }
        return new BulkResult(created, updated);
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        return signer.sign(payload, has(Defect.SIGN_IGNORES_PURPOSE) ? SHARED_PURPOSE : purpose);
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        if (has(Defect.VERIFY_THROWS_ON_GARBAGE) && !signature.startsWith("hmac-sha256:")) {
            throw new IllegalArgumentException("Malformed signature");
        }
        return signer.verify(payload, signature, has(Defect.SIGN_IGNORES_PURPOSE) ? SHARED_PURPOSE : purpose);
    }

    @Override
    public synchronized SecretProviderHealth healthCheck() {
        if (has(Defect.HEALTH_THROWS)) {
            throw new IllegalStateException("health check failed");
        }
        return closed
                ? SecretProviderHealth.unavailable("closed", Map.of())
                : SecretProviderHealth.healthy("in memory", Map.of("scopes", scopes.size()));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    @Override
    public synchronized String toString() {
        if (has(Defect.TO_STRING_LEAKS_VALUES)) {
            return "MapSecretStore" + scopes;
        }
        return "MapSecretStore{scopes=" + scopes.keySet() + "}";
    }
}
