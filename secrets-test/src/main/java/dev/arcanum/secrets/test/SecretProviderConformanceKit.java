package dev.arcanum.secrets.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance kit every {@link SecretProvider} runs: an abstract JUnit 5 class a provider module
 * extends in one test file.
 *
 * <pre>{@code
 * class MemorySecretProviderConformanceTest extends SecretProviderConformanceKit {
 *     @Override
 *     protected SecretProvider newProvider() {
 *         return new MemorySecretProvider();
 *     }
 * }
 * }</pre>
 *
 * <p><b>Hooks</b>: {@link #newProvider()} (required) is called before each test and must return a
 * fresh provider over an empty backend; the kit closes every provider it obtained after the test.
 * {@link #seeded} builds a provider holding given entries (override it for read-only providers);
 * {@link #supportsVersions()}, {@link #isWritable()}, {@link #credentials()} and {@link
 * #backendCallCount()} describe what the provider can do and what it must never show.
 *
 * <p><b>What it checks</b>: get and getMany (partial results, duplicates), put and versions, {@code
 * getVersion}, exists, list (names and metadata only, sorted), delete, putAll counts, scope isolation,
 * {@code #field} selection, nested paths, unicode / multi-line / 4 KiB values, sign and verify
 * (round trip for both well-known purposes and a custom one, tampered payload, tampered signature,
 * another purpose's signature), health, malformed keys rejected with {@link
 * InvalidSecretKeyException} before any backend call, putAll validating every key and value
 * before writing any (a rejected putAll writes nothing), a null value rejected before any write,
 * {@link SecretNotFoundException} for absent keys. Every value is a distinctive random string watched by the kit's {@link LeakDetector}, which
 * fails a test when one appears in a log event at any level, an exception message or a {@code
 * toString()} the kit sees. Tests that need writes are skipped (a JUnit assumption, shown as skipped)
 * only when {@link #isWritable()} is false: a documented capability, not a hidden failure.
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 */
public abstract class SecretProviderConformanceKit {

    /** A scope of the application's own, to prove custom scopes are isolated too. */
    protected static final SecretScope CUSTOM_SCOPE = SecretScope.of("custom");

    /** A purpose of the application's own. */
    protected static final SecretPurpose CUSTOM_PURPOSE = SecretPurpose.of("kit-custom-purpose");

    private static final List<String> MALFORMED_KEYS = Arrays.asList("", "/a", "a//b", "a b", "../x", "a#", null);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fails the test when a watched value appears in a log event or an exception it throws. */
    @RegisterExtension
    protected final LeakDetector leaks = LeakDetector.create();

    private final List<SecretProvider> opened = new ArrayList<>();
    private SecretProvider provider;

    /**
     * Creates a fresh provider over an empty backend. Called before each test (and again by the
     * default {@link #seeded}); the kit closes it after the test.
     *
     * @return a new provider; never null
     */
    protected abstract SecretProvider newProvider();

    /**
     * Creates a provider that holds the given entries. The default takes {@link #newProvider()} and
     * writes each scope's entries with {@link SecretStore#putAll}; a read-only provider overrides it
     * (a {@code dotenv} provider writes a file and opens a provider over it).
     *
     * @param entries scope to key to value; keys have no {@code #field}
     * @return a provider holding exactly these entries; the kit closes it
     */
    protected SecretProvider seeded(Map<SecretScope, Map<String, String>> entries) {
        SecretProvider p = newProvider();
        if (!(p instanceof SecretStore)) {
            closeQuietly(p);
            throw new IllegalStateException(getClass().getSimpleName() + ": the provider is not a SecretStore;"
                    + " override seeded(Map) to create one that holds the entries");
        }
        SecretStore store = (SecretStore) p;
        for (Map.Entry<SecretScope, Map<String, String>> e : entries.entrySet()) {
            if (!e.getValue().isEmpty()) {
                store.putAll(e.getValue(), e.getKey());
            }
        }
        return p;
    }

    /**
     * @return true (the default) if the provider keeps versions: {@code put} creates a new version,
     *     {@link Secret#version()} is not null and {@link SecretProvider#getVersion} reads old ones
     */
    protected boolean supportsVersions() {
        return true;
    }

    /**
     * @return true if the provider can write; the default is whether the provider made for this test
     *     is a {@link SecretStore}
     */
    protected boolean isWritable() {
        return provider() instanceof SecretStore;
    }

    /**
     * @return tokens, passwords and client secrets the provider was configured with; the leak detector
     *     fails a test where any of them appears. Default empty.
     */
    protected Collection<String> credentials() {
        return List.of();
    }

    /**
     * @return how many calls the backend has received so far, or -1 (the default) when unknown; when
     *     known, the kit proves malformed keys and null values are rejected before any backend call.
     *     Count every call of every provider the test obtained ({@link #seeded} may make new ones).
     */
    protected long backendCallCount() {
        return -1;
    }

    /**
     * @return the provider made for this test by {@link #newProvider()}
     */
    protected final SecretProvider provider() {
        if (provider == null) {
            throw new IllegalStateException("provider() is available from @BeforeEach on");
        }
        return provider;
    }

    /**
     * @return the provider made for this test, as a store; the test is skipped when it cannot write
     */
    protected final SecretStore store() {
        assumeTrue(isWritable(), "provider is read-only: write operations are not part of its contract");
        return (SecretStore) provider();
    }

    /**
     * @param prefix a readable prefix
     * @return a distinctive random value, already watched by the leak detector
     */
    protected final String randomValue(String prefix) {
        String v = prefix + "-" + UUID.randomUUID();
        leaks.watch(v);
        return v;
    }

    @BeforeEach
    final void openProvider() {
        leaks.watch(credentials());
        provider = track(newProvider());
        leaks.assertNoLeak(String.valueOf(provider));
    }

    @AfterEach
    final void closeProviders() {
        RuntimeException failure = null;
        for (SecretProvider p : opened) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (failure != null) {
            leaks.assertNoLeak(failure);
            throw new AssertionError("close() must not throw", failure);
        }
    }

    private SecretProvider track(SecretProvider p) {
        assertThat(p).as("provider").isNotNull();
        opened.add(p);
        return p;
    }

    /**
     * Builds a provider holding entries in one scope through {@link #seeded}, after watching every
     * value; closed after the test.
     *
     * @param scope the scope
     * @param entries key to value
     * @return the provider
     */
    protected final SecretProvider seed(SecretScope scope, Map<String, String> entries) {
        return seedAll(Map.of(scope, entries));
    }

    /**
     * Builds a provider holding entries in several scopes through {@link #seeded}, after watching
     * every value; closed after the test.
     *
     * @param entries scope to key to value
     * @return the provider
     */
    protected final SecretProvider seedAll(Map<SecretScope, Map<String, String>> entries) {
        entries.values().forEach(m -> leaks.watch(m.values()));
        SecretProvider p = track(seeded(entries));
        leaks.assertNoLeak(String.valueOf(p));
        return p;
    }

    /**
     * Runs a call that must throw, checks that the exception carries no watched value and has the
     * expected type.
     *
     * @param <T> the expected type
     * @param type the expected type
     * @param call the call
     * @return the exception, for further checks of its message
     * @throws AssertionError if nothing or something else was thrown, or a value leaked
     */
    protected final <T extends Throwable> T expectThrows(Class<T> type, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            leaks.assertNoLeak(t);
            if (!type.isInstance(t)) {
                throw new AssertionError(
                        "expected " + type.getName() + " but got "
                                + t.getClass().getName(),
                        t);
            }
            return type.cast(t);
        }
        return fail("expected " + type.getName() + " but nothing was thrown");
    }

    /**
     * Asserts a secret's value without ever printing it: a mismatch names the key and version and
     * shows both values masked, with their lengths.
     *
     * @param actual the secret read
     * @param expected the value expected
     */
    protected final void assertValue(Secret actual, String expected) {
        assertThat(actual).as("secret").isNotNull();
        if (!actual.value().equals(expected)) {
            throw new AssertionError("value of '" + actual.key() + "' (version " + actual.version()
                    + ") is not the expected one: expected " + describe(expected) + ", got "
                    + describe(actual.value()));
        }
    }

    private static String describe(String value) {
        return LeakDetector.mask(value) + " (" + value.length() + " chars)";
    }

    private void noLeakIn(Object o) {
        leaks.assertNoLeak(String.valueOf(o));
    }

    // ---------------------------------------------------------------- reads

    @Test
    @DisplayName("get returns the stored value and Secret.toString() hides it")
    void getReturnsValue() {
        String v = randomValue("get");
        SecretProvider p = seed(SecretScope.DEFAULT, Map.of("app/token", v));
        Secret s = p.get("app/token");
        assertValue(s, v);
        assertThat(s.key()).isEqualTo("app/token");
        assertValue(p.get("app/token", SecretScope.DEFAULT), v);
        noLeakIn(s);
        noLeakIn(s.metadata());
        noLeakIn(p);
    }

    @Test
    @DisplayName("get of an absent key throws SecretNotFoundException naming the key")
    void getAbsentKeyThrowsNotFound() {
        String v = randomValue("other");
        SecretProvider p = seed(SecretScope.DEFAULT, Map.of("app/present", v));
        SecretNotFoundException e = expectThrows(SecretNotFoundException.class, () -> p.get("app/absent"));
        assertThat(e.getMessage()).contains("app/absent");
        expectThrows(SecretNotFoundException.class, () -> provider().get("never-written"));
    }

    @Test
    @DisplayName("getMany returns the keys found and leaves absent ones out")
    void getManyPartialResults() {
        String a = randomValue("a");
        String b = randomValue("b");
        SecretProvider p = seed(SecretScope.DEFAULT, Map.of("many/a", a, "many/b", b));
        Map<String, Secret> found = p.getMany(List.of("many/a", "many/missing", "many/b"));
        assertThat(found).containsOnlyKeys("many/a", "many/b");
        assertValue(found.get("many/a"), a);
        assertValue(found.get("many/b"), b);
        assertThat(p.getMany(List.of("many/missing"), SecretScope.DEFAULT)).isEmpty();
        assertThat(p.getMany(List.of())).isEmpty();
        noLeakIn(found);
    }

    @Test
    @DisplayName("getMany with duplicate keys returns each key once")
    void getManyDuplicates() {
        String a = randomValue("dup");
        SecretProvider p = seed(SecretScope.DEFAULT, Map.of("dup/a", a));
        Map<String, Secret> found = p.getMany(List.of("dup/a", "dup/a", "dup/a"));
        assertThat(found).containsOnlyKeys("dup/a");
        assertValue(found.get("dup/a"), a);
    }

    @Test
    @DisplayName("values with unicode, several lines and 4 KiB round-trip unchanged")
    void unusualValuesRoundTrip() {
        String unicode = randomValue("ünï©ødé-日本語-ключ-🔑");
        String multiLine = randomValue("first line") + "\nsecond line " + UUID.randomUUID() + "\n  indented third";
        leaks.watch(multiLine);
        StringBuilder big = new StringBuilder();
        while (big.length() < 4096) {
            big.append(UUID.randomUUID().toString().replace("-", ""));
        }
        String large = big.substring(0, 4096);
        leaks.watch(large);
        SecretProvider p = seed(
                SecretScope.DEFAULT,
                Map.of("values/unicode", unicode, "values/multi-line", multiLine, "values/large", large));
        assertValue(p.get("values/unicode"), unicode);
        assertValue(p.get("values/multi-line"), multiLine);
        assertValue(p.get("values/large"), large);
    }

    @Test
    @DisplayName("nested paths a/b/c are distinct keys")
    void nestedPaths() {
        String c = randomValue("c");
        String d = randomValue("d");
        String x = randomValue("x");
        SecretProvider p = seed(SecretScope.DEFAULT, Map.of("a/b/c", c, "a/b/d", d, "a/x", x));
        assertValue(p.get("a/b/c"), c);
        assertValue(p.get("a/b/d"), d);
        assertValue(p.get("a/x"), x);
        expectThrows(SecretNotFoundException.class, () -> p.get("a/b"));
        expectThrows(SecretNotFoundException.class, () -> p.get("b/c"));
    }

    @Test
    @DisplayName("a key stored under one scope is not readable under another")
    void scopeIsolation() {
        String inDefault = randomValue("default");
        String inDatabase = randomValue("database");
        String inCustom = randomValue("custom");
        Map<SecretScope, Map<String, String>> entries = new LinkedHashMap<>();
        entries.put(SecretScope.DEFAULT, Map.of("shared/name", inDefault, "only/default", inDefault + "-2"));
        entries.put(SecretScope.DATABASE, Map.of("shared/name", inDatabase));
        entries.put(CUSTOM_SCOPE, Map.of("only/custom", inCustom));
        leaks.watch(inDefault + "-2");
        SecretProvider p = seedAll(entries);

        assertValue(p.get("shared/name", SecretScope.DEFAULT), inDefault);
        assertValue(p.get("shared/name", SecretScope.DATABASE), inDatabase);
        expectThrows(SecretNotFoundException.class, () -> p.get("shared/name", CUSTOM_SCOPE));
        expectThrows(SecretNotFoundException.class, () -> p.get("only/default", SecretScope.DATABASE));
        expectThrows(SecretNotFoundException.class, () -> p.get("only/default", CUSTOM_SCOPE));
        expectThrows(SecretNotFoundException.class, () -> p.get("only/custom", SecretScope.DEFAULT));
        expectThrows(SecretNotFoundException.class, () -> p.get("only/custom", SecretScope.DATABASE));
        assertValue(p.get("only/custom", CUSTOM_SCOPE), inCustom);
        assertThat(p.getMany(List.of("shared/name", "only/custom"), SecretScope.DATABASE))
                .containsOnlyKeys("shared/name");
        assertValue(
                p.getMany(List.of("shared/name", "only/custom"), SecretScope.DATABASE)
                        .get("shared/name"),
                inDatabase);
    }

    @Test
    @DisplayName("#field selects one field of a JSON-object value; a missing field names the fields, no value")
    void fieldSelection() {
        String user = randomValue("user");
        String password = randomValue("password");
        String json = "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
        leaks.watch(json);
        SecretProvider p = seed(SecretScope.DEFAULT, Map.of("app/db", json));
        Secret s = p.get("app/db#password");
        assertValue(s, password);
        assertThat(s.key()).isEqualTo("app/db#password");
        assertValue(p.get("app/db#user"), user);
        noLeakIn(s);
        SecretNotFoundException e = expectThrows(SecretNotFoundException.class, () -> p.get("app/db#port"));
        assertThat(e.getMessage()).contains("port").contains("user").contains("password");
        expectThrows(SecretNotFoundException.class, () -> p.get("app/absent#password"));
    }

    // ---------------------------------------------------------------- writes

    @Test
    @DisplayName("put creates, a second put stores a new version, getVersion reads the old one")
    void putAndVersions() {
        SecretStore store = store();
        String v1 = randomValue("v1");
        String v2 = randomValue("v2");
        SecretMetadata m1 = store.put("versions/key", v1, SecretScope.DEFAULT);
        noLeakIn(m1);
        assertThat(m1.key()).isEqualTo("versions/key");
        assertValue(store.get("versions/key"), v1);
        SecretMetadata m2 = store.put("versions/key", v2, SecretScope.DEFAULT);
        noLeakIn(m2);
        Secret current = store.get("versions/key");
        assertValue(current, v2);
        if (!supportsVersions()) {
            expectThrows(SecretException.class, () -> store.getVersion("versions/key", "1", SecretScope.DEFAULT));
            return;
        }
        assertThat(m1.version()).as("version of the first put").isNotNull();
        assertThat(m2.version()).as("version of the second put").isNotNull().isNotEqualTo(m1.version());
        assertThat(current.version()).isEqualTo(m2.version());
        Secret old = store.getVersion("versions/key", m1.version(), SecretScope.DEFAULT);
        assertValue(old, v1);
        assertThat(old.version()).isEqualTo(m1.version());
        assertValue(store.getVersion("versions/key", m2.version()), v2);
        expectThrows(
                SecretNotFoundException.class,
                () -> store.getVersion("versions/key", absentVersion(m2.version()), SecretScope.DEFAULT));
        expectThrows(
                SecretNotFoundException.class,
                () -> store.getVersion("versions/never-written", m1.version(), SecretScope.DEFAULT));
    }

    private static String absentVersion(String known) {
        try {
            return Long.toString(Long.parseLong(known) + 1000);
        } catch (NumberFormatException e) {
            // Non-numeric ids (AWS, Azure) are opaque: 32 random hex digits fit both formats.
            return UUID.randomUUID().toString().replace("-", "");
        }
    }

    @Test
    @DisplayName("exists and delete follow the store's content; get after delete is not found")
    void existsAndDelete() {
        SecretStore store = store();
        String v = randomValue("del");
        assertThat(store.exists("del/key", SecretScope.DEFAULT)).isFalse();
        store.put("del/key", v, SecretScope.DEFAULT);
        assertThat(store.exists("del/key", SecretScope.DEFAULT)).isTrue();
        assertThat(store.exists("del/key")).isTrue();
        assertThat(store.exists("del/key", SecretScope.DATABASE)).isFalse();
        assertThat(store.delete("del/key", SecretScope.DATABASE)).isFalse();
        assertThat(store.exists("del/key", SecretScope.DEFAULT)).isTrue();
        assertThat(store.delete("del/key", SecretScope.DEFAULT)).isTrue();
        assertThat(store.exists("del/key", SecretScope.DEFAULT)).isFalse();
        assertThat(store.delete("del/key", SecretScope.DEFAULT)).isFalse();
        expectThrows(SecretNotFoundException.class, () -> store.get("del/key"));
    }

    @Test
    @DisplayName("list returns names and metadata of one scope, sorted, never values")
    void listNamesOnly() {
        SecretStore store = store();
        String v1 = randomValue("l1");
        String v2 = randomValue("l2");
        String v3 = randomValue("l3");
        String other = randomValue("other-scope");
        store.put("list/zeta", v1, SecretScope.DEFAULT);
        store.put("list/alpha", v2, SecretScope.DEFAULT);
        store.put("list/nested/beta", v3, SecretScope.DEFAULT);
        store.put("list/in-database", other, SecretScope.DATABASE);
        List<SecretMetadata> listed = store.list(SecretScope.DEFAULT);
        assertThat(listed)
                .extracting(SecretMetadata::key)
                .containsExactly("list/alpha", "list/nested/beta", "list/zeta");
        assertThat(store.list(SecretScope.DATABASE))
                .extracting(SecretMetadata::key)
                .containsExactly("list/in-database");
        assertThat(store.list(CUSTOM_SCOPE)).isEmpty();
        noLeakIn(listed);
        for (SecretMetadata m : listed) {
            noLeakIn(m.attributes());
        }
    }

    @Test
    @DisplayName("putAll reports created and updated keys")
    void putAllCounts() {
        SecretStore store = store();
        String a = randomValue("pa");
        String b = randomValue("pb");
        String a2 = randomValue("pa2");
        String c = randomValue("pc");
        Map<String, String> first = new LinkedHashMap<>();
        first.put("bulk/a", a);
        first.put("bulk/b", b);
        BulkResult r1 = store.putAll(first, SecretScope.DEFAULT);
        noLeakIn(r1);
        assertThat(r1.createdCount()).isEqualTo(2);
        assertThat(r1.updatedCount()).isZero();
        assertThat(r1.created()).containsExactlyInAnyOrder("bulk/a", "bulk/b");
        Map<String, String> second = new LinkedHashMap<>();
        second.put("bulk/a", a2);
        second.put("bulk/c", c);
        BulkResult r2 = store.putAll(second, SecretScope.DEFAULT);
        noLeakIn(r2);
        assertThat(r2.created()).containsExactly("bulk/c");
        assertThat(r2.updated()).containsExactly("bulk/a");
        assertValue(store.get("bulk/a"), a2);
        assertValue(store.get("bulk/b"), b);
        assertValue(store.get("bulk/c"), c);
        expectThrows(SecretNotFoundException.class, () -> store.get("bulk/c", SecretScope.DATABASE));
    }

    @Test
    @DisplayName("putIfAbsent creates once and never overwrites")
    void putIfAbsent() {
        SecretStore store = store();
        String first = randomValue("first");
        String second = randomValue("second");
        assertThat(store.putIfAbsent("once/key", first, SecretScope.DEFAULT)).isTrue();
        assertThat(store.putIfAbsent("once/key", second, SecretScope.DEFAULT)).isFalse();
        assertValue(store.get("once/key"), first);
    }

    // ---------------------------------------------------------------- signing

    @Test
    @DisplayName("sign then verify round-trips for both well-known purposes and a custom one")
    void signVerifyRoundTrip() {
        SecretProvider p = signingProvider();
        for (SecretPurpose purpose :
                List.of(SecretPurpose.SERVICE_ACCOUNT_ISSUANCE, SecretPurpose.CLI_BRIDGE, CUSTOM_PURPOSE)) {
            byte[] payload = ("payload for " + purpose + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            SignedPayload signed = p.sign(payload, purpose);
            watchSigningKey(purpose);
            noLeakIn(signed);
            assertThat(signed.signature()).as("signature for %s", purpose).isNotBlank();
            assertThat(signed.algorithm()).isNotBlank();
            assertThat(p.verify(payload, signed.signature(), purpose))
                    .as("verify for %s", purpose)
                    .isTrue();
            assertThat(p.verify(payload.clone(), signed.signature(), purpose)).isTrue();
        }
    }

    @Test
    @DisplayName("verify rejects a tampered payload, a tampered signature and another purpose's signature")
    void verifyRejectsTampering() {
        SecretProvider p = signingProvider();
        byte[] payload = ("sign me " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        SignedPayload signed = p.sign(payload, SecretPurpose.CLI_BRIDGE);
        SignedPayload other = p.sign(payload, SecretPurpose.SERVICE_ACCOUNT_ISSUANCE);
        watchSigningKey(SecretPurpose.CLI_BRIDGE);
        watchSigningKey(SecretPurpose.SERVICE_ACCOUNT_ISSUANCE);

        byte[] tampered = payload.clone();
        tampered[tampered.length / 2] ^= 0x01;
        assertThat(verifyQuietly(p, tampered, signed.signature(), SecretPurpose.CLI_BRIDGE))
                .as("tampered payload")
                .isFalse();
        assertThat(verifyQuietly(p, payload, tamper(signed.signature()), SecretPurpose.CLI_BRIDGE))
                .as("tampered signature")
                .isFalse();
        assertThat(verifyQuietly(p, payload, signed.signature(), SecretPurpose.SERVICE_ACCOUNT_ISSUANCE))
                .as("other purpose")
                .isFalse();
        assertThat(verifyQuietly(p, payload, other.signature(), SecretPurpose.CLI_BRIDGE))
                .as("other purpose's signature")
                .isFalse();
        assertThat(verifyQuietly(p, payload, "", SecretPurpose.CLI_BRIDGE))
                .as("empty signature")
                .isFalse();
        assertThat(verifyQuietly(p, payload, "not-a-signature", SecretPurpose.CLI_BRIDGE))
                .as("garbage signature")
                .isFalse();
        assertThat(verifyQuietly(p, payload, signed.signature(), SecretPurpose.CLI_BRIDGE))
                .as("original still valid")
                .isTrue();
    }

    private boolean verifyQuietly(SecretProvider p, byte[] payload, String signature, SecretPurpose purpose) {
        try {
            return p.verify(payload, signature, purpose);
        } catch (RuntimeException e) {
            leaks.assertNoLeak(e);
            throw new AssertionError("verify must return false, not throw, for a bad signature", e);
        }
    }

    /**
     * Changes one character in the middle of the signature's last {@code :}-separated part, where
     * every bit counts (the last Base64 characters may only carry padding bits).
     */
    static String tamper(String signature) {
        int start = signature.lastIndexOf(':') + 1;
        if (start >= signature.length()) {
            return signature + "A";
        }
        int i = start + (signature.length() - start) / 2;
        char c = signature.charAt(i);
        char replacement = c == 'A' ? 'B' : 'A';
        return signature.substring(0, i) + replacement + signature.substring(i + 1);
    }

    /**
     * A provider that can sign: the one made for this test when it is writable (the HMAC signer
     * creates its keys), else one seeded with a signing key per purpose under the core HMAC signer's
     * key names ({@code signing-keys/<purpose>} in the default scope).
     */
    private SecretProvider signingProvider() {
        if (isWritable()) {
            return provider();
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (SecretPurpose purpose :
                List.of(SecretPurpose.SERVICE_ACCOUNT_ISSUANCE, SecretPurpose.CLI_BRIDGE, CUSTOM_PURPOSE)) {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            keys.put(HmacSecretSigner.keyName(purpose), Base64.getEncoder().encodeToString(key));
        }
        return seed(SecretScope.DEFAULT, keys);
    }

    /** Watches an HMAC signing key the provider created, where it is readable like any secret. */
    private void watchSigningKey(SecretPurpose purpose) {
        if (!isWritable()) {
            return;
        }
        SecretStore store = (SecretStore) provider();
        String key = HmacSecretSigner.keyName(purpose);
        try {
            if (store.exists(key, SecretScope.DEFAULT)) {
                leaks.watch(store.get(key, SecretScope.DEFAULT).value());
            }
        } catch (SecretException e) {
            // Native signers (Vault Transit) keep their keys elsewhere; nothing to watch then.
            leaks.assertNoLeak(e);
        }
    }

    // ---------------------------------------------------------------- health

    @Test
    @DisplayName("healthCheck does not throw and is HEALTHY on a working backend; the provider has a name")
    void healthCheck() {
        assertThat(provider().name()).as("name()").isNotBlank();
        SecretProviderHealth[] health = new SecretProviderHealth[1];
        assertThatCode(() -> health[0] = provider().healthCheck()).doesNotThrowAnyException();
        assertThat(health[0]).isNotNull();
        assertThat(health[0].status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
        noLeakIn(health[0]);
    }

    @Test
    @DisplayName("close is idempotent, and healthCheck still does not throw after it")
    void closeIsIdempotent() {
        SecretProvider p = track(newProvider());
        assertThatCode(() -> {
                    p.close();
                    p.close();
                })
                .doesNotThrowAnyException();
        SecretProviderHealth[] health = new SecretProviderHealth[1];
        assertThatCode(() -> health[0] = p.healthCheck()).doesNotThrowAnyException();
        assertThat(health[0]).isNotNull();
        noLeakIn(health[0]);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    @DisplayName("malformed keys are rejected by get and getMany before any backend call")
    void malformedKeysOnRead() {
        String v = randomValue("valid");
        SecretProvider p = seed(SecretScope.DEFAULT, Map.of("valid/key", v));
        long before = backendCallCount();
        for (String key : MALFORMED_KEYS) {
            String shown = String.valueOf(key);
            expectThrowsFor(shown, "get", () -> p.get(key, SecretScope.DEFAULT));
            expectThrowsFor(shown, "getMany", () -> p.getMany(Arrays.asList("valid/key", key), SecretScope.DEFAULT));
            if (key != null) {
                expectThrowsFor(shown, "getVersion", () -> p.getVersion(key, "1", SecretScope.DEFAULT));
            }
        }
        assertNoBackendCall(before);
    }

    @Test
    @DisplayName("malformed keys are rejected by put, delete and exists before any backend call")
    void malformedKeysOnWrite() {
        SecretStore store = store();
        String v = randomValue("never-stored");
        long before = backendCallCount();
        for (String key : MALFORMED_KEYS) {
            String shown = String.valueOf(key);
            expectThrowsFor(shown, "put", () -> store.put(key, v, SecretScope.DEFAULT));
            expectThrowsFor(shown, "delete", () -> store.delete(key, SecretScope.DEFAULT));
            expectThrowsFor(shown, "exists", () -> store.exists(key, SecretScope.DEFAULT));
        }
        assertNoBackendCall(before);
        assertThat(store.list(SecretScope.DEFAULT)).isEmpty();
    }

    @Test
    @DisplayName("putAll validates every key and value before writing any of them")
    void putAllValidatesBeforeWriting() {
        SecretStore store = store();
        String kept = randomValue("kept");
        store.put("k", kept, SecretScope.DEFAULT);
        Map<String, String> badKey = new LinkedHashMap<>();
        badKey.put("ok", randomValue("ok"));
        badKey.put("a//b", randomValue("bad-key"));
        long before = backendCallCount();
        expectThrows(InvalidSecretKeyException.class, () -> store.putAll(badKey, SecretScope.DEFAULT));
        assertNoBackendCall(before);
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("ok", randomValue("ok-again"));
        nullValue.put("k", null);
        before = backendCallCount();
        expectNullRejected("putAll", () -> store.putAll(nullValue, SecretScope.DEFAULT));
        assertNoBackendCall(before);
        assertValue(store.get("k"), kept);
        assertThat(store.exists("ok", SecretScope.DEFAULT))
                .as("'ok' was written by a putAll that was rejected")
                .isFalse();
    }

    @Test
    @DisplayName("put with a null value is rejected before any write")
    void putNullValue() {
        SecretStore store = store();
        String kept = randomValue("kept");
        store.put("k", kept, SecretScope.DEFAULT);
        long before = backendCallCount();
        expectNullRejected("put", () -> store.put("k", null, SecretScope.DEFAULT));
        expectNullRejected("put", () -> store.put("fresh", null, SecretScope.DEFAULT));
        assertNoBackendCall(before);
        assertValue(store.get("k"), kept);
        assertThat(store.exists("fresh", SecretScope.DEFAULT))
                .as("'fresh' was written with a null value")
                .isFalse();
    }

    private void expectNullRejected(String operation, Runnable call) {
        try {
            call.run();
        } catch (NullPointerException | InvalidSecretValueException e) {
            leaks.assertNoLeak(e);
            return;
        } catch (RuntimeException e) {
            leaks.assertNoLeak(e);
            throw new AssertionError(
                    operation + " with a null value must throw NullPointerException or"
                            + " InvalidSecretValueException, not "
                            + e.getClass().getName(),
                    e);
        }
        fail(operation + " with a null value must throw");
    }

    private void expectThrowsFor(String key, String operation, Runnable call) {
        try {
            call.run();
        } catch (InvalidSecretKeyException e) {
            leaks.assertNoLeak(e);
            return;
        } catch (RuntimeException e) {
            leaks.assertNoLeak(e);
            throw new AssertionError(
                    operation + "('" + key + "') must throw InvalidSecretKeyException, not "
                            + e.getClass().getName(),
                    e);
        }
        fail(operation + "('" + key + "') must throw InvalidSecretKeyException");
    }

    private void assertNoBackendCall(long before) {
        if (before >= 0) {
            assertThat(backendCallCount())
                    .as("backend calls made while rejecting malformed keys")
                    .isEqualTo(before);
        }
    }

    private static void closeQuietly(SecretProvider p) {
        try {
            p.close();
        } catch (RuntimeException ignored) {
            // Already failing with a clearer message.
        }
    }
}
