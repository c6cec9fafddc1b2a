package dev.arcanum.secrets.local;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import dev.arcanum.secrets.spi.SecretFields;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The {@link SecretStore} behaviour shared by the {@code memory} and {@code local} stores, over a
 * {@link VersionedEntries} that the subclass reads and updates under its own concurrency rules.
 * Every argument is validated before the subclass is asked for anything, so a malformed key never
 * touches the file.
 */
abstract class VersionedStore implements SecretStore {
    /** Largest value accepted, in UTF-8 bytes: the whole store is rewritten on every write. */
    static final int MAX_VALUE_BYTES = 1024 * 1024;

    private final Clock clock;
    private final int maxVersions;
    private final HmacSecretSigner signer;
    /** Reads and updates of the entries: what the conformance tests count as backend calls. */
    private final LongAdder entryAccesses = new LongAdder();

    VersionedStore(Clock clock, int maxVersions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxVersions < 1) {
            throw new IllegalArgumentException("maxVersions must be at least 1");
        }
        this.maxVersions = maxVersions;
        this.signer = new HmacSecretSigner(this);
    }

    /**
     * Runs a read-only function over a consistent view of the entries. The function must not
     * modify them.
     */
    abstract <R> R read(Function<VersionedEntries, R> reader);

    /**
     * Runs a function that may modify the entries, atomically with respect to every other reader
     * and writer; what it changed is persisted before this returns.
     */
    abstract <R> R update(Function<VersionedEntries, R> writer);

    @Override
    public Secret get(String key, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        Objects.requireNonNull(scope, "scope");
        Secret whole = read(e -> e.current(scope, k.path()));
        if (whole == null) {
            throw notFound(k, scope);
        }
        return SecretFields.select(whole, k);
    }

    @Override
    public Secret getVersion(String key, String version, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(scope, "scope");
        long number;
        try {
            number = Long.parseLong(version);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1) {
            throw new SecretNotFoundException("Secret '" + k.path() + "' has no version '" + version + "' in scope '"
                    + scope + "': versions of provider '" + name() + "' are numbers 1, 2, …");
        }
        long n = number;
        Secret whole = read(e -> e.exists(scope, k.path()) ? e.version(scope, k.path(), n) : null);
        if (whole == null) {
            if (!read(e -> e.exists(scope, k.path()))) {
                throw notFound(k, scope);
            }
            String kept = maxVersions == Integer.MAX_VALUE
                    ? ""
                    : " (provider '" + name() + "' keeps the newest " + maxVersions + ")";
            throw new SecretNotFoundException(
                    "Secret '" + k.path() + "' has no version " + version + " in scope '" + scope + "'" + kept);
        }
        return SecretFields.select(whole, k);
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(scope, "scope");
        Set<String> unique = new LinkedHashSet<>(keys);
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        for (String key : unique) {
            parsed.put(key, SecretKey.parse(key));
        }
        Map<String, Secret> wholes = read(e -> {
            Map<String, Secret> out = new HashMap<>();
            parsed.forEach((key, k) -> {
                Secret s = e.current(scope, k.path());
                if (s != null) {
                    out.put(key, s);
                }
            });
            return out;
        });
        Map<String, Secret> out = new LinkedHashMap<>();
        wholes.forEach((key, whole) -> {
            try {
                out.put(key, SecretFields.select(whole, parsed.get(key)));
            } catch (SecretNotFoundException absentField) {
                // An absent field is an absent key for getMany: left out, like a missing key.
            }
        });
        return out;
    }

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        String path = writableKey(key);
        checkValue(path, value);
        Objects.requireNonNull(scope, "scope");
        return update(e -> e.put(scope, path, value, clock.instant(), maxVersions));
    }

    /**
     * Atomic: the check and the write happen in one transaction (under the file lock for the
     * {@code local} store), so two processes seeding at once never overwrite each other.
     */
    @Override
    public boolean putIfAbsent(String key, String value, SecretScope scope) {
        String path = writableKey(key);
        checkValue(path, value);
        Objects.requireNonNull(scope, "scope");
        return update(e -> {
            if (e.exists(scope, path)) {
                return false;
            }
            e.put(scope, path, value, clock.instant(), maxVersions);
            return true;
        });
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        String path = writableKey(key);
        Objects.requireNonNull(scope, "scope");
        return update(e -> e.delete(scope, path));
    }

    @Override
    public boolean exists(String key, SecretScope scope) {
        String path = writableKey(key);
        Objects.requireNonNull(scope, "scope");
        return read(e -> e.exists(scope, path));
    }

    @Override
    public List<SecretMetadata> list(SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        return read(e -> e.list(scope));
    }

    /** One transaction: all values are written, or none (a single file replacement for {@code local}). */
    @Override
    public BulkResult putAll(Map<String, String> values, SecretScope scope) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(scope, "scope");
        Map<String, String> checked = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            String path = writableKey(key);
            checkValue(path, value);
            checked.put(path, value);
        });
        if (checked.isEmpty()) {
            return new BulkResult(List.of(), List.of());
        }
        return update(e -> {
            List<String> created = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            checked.forEach((path, value) -> {
                (e.exists(scope, path) ? updated : created).add(path);
                e.put(scope, path, value, clock.instant(), maxVersions);
            });
            return new BulkResult(created, updated);
        });
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        return signer.sign(payload, purpose);
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        return signer.verify(payload, signature, purpose);
    }

    /** Called by the subclass at the start of every {@link #read} and {@link #update}. */
    final void countEntryAccess() {
        entryAccesses.increment();
    }

    /**
     * @return how many times the entries were read or updated (the store file opened, for {@code
     *     local}); lets tests prove that bad input is rejected before the store is touched
     */
    final long entryAccessCount() {
        return entryAccesses.sum();
    }

    int maxVersions() {
        return maxVersions;
    }

    private SecretNotFoundException notFound(SecretKey k, SecretScope scope) {
        return new SecretNotFoundException(
                "Secret '" + k.path() + "' not found in scope '" + scope + "' of provider '" + name() + "'");
    }

    private static String writableKey(String key) {
        SecretKey k = SecretKey.parse(key);
        if (k.field().isPresent()) {
            throw new InvalidSecretKeyException("Invalid key '" + k + "': writes take a key without '#field'");
        }
        return k.path();
    }

    private static void checkValue(String path, String value) {
        if (value == null) {
            throw new InvalidSecretValueException("The value for '" + path + "' is null");
        }
        // Cheap upper bound first: a UTF-8 character takes at most 3 bytes per UTF-16 unit.
        if (value.length() > MAX_VALUE_BYTES / 3) {
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_VALUE_BYTES) {
                throw new InvalidSecretValueException("The value for '" + path + "' is " + bytes
                        + " bytes; a local store value holds at most " + MAX_VALUE_BYTES + " bytes");
            }
        }
    }
}
