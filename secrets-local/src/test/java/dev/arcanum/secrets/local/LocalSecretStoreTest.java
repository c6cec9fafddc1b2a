package dev.arcanum.secrets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.SignedPayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretStoreTest {
    @TempDir
    Path dir;

    private SecretStore open(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(
                "user.home", dir.resolve("home").toString(),
                "XDG_DATA_HOME", dir.resolve("data").toString(),
                "XDG_CONFIG_HOME", dir.resolve("config").toString()));
        all.putAll(settings);
        return (SecretStore) new LocalSecretProviderFactory().create(SecretsConfig.of(all));
    }

    private SecretStore open() {
        return open(Map.of());
    }

    private Path defaultStore() {
        return dir.resolve("data/arcanum-secrets/store.enc");
    }

    private Path defaultKeyFile() {
        return dir.resolve("config/arcanum-secrets/local.key");
    }

    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void worksWithNoSettingsAndCreatesNothingUntilTheFirstWrite() {
        try (SecretStore store = open()) {
            assertThat(store.exists("db/password")).isFalse();
            assertThat(store.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
            assertThat(Files.exists(dir.resolve("data"))).isFalse();
            assertThat(Files.exists(dir.resolve("config"))).isFalse();

            store.put("db/password", "hunter2");
        }
        assertThat(defaultStore()).isRegularFile();
        assertThat(defaultKeyFile()).isRegularFile();
        try (SecretStore again = open()) {
            assertThat(again.get("db/password").value()).isEqualTo("hunter2");
            assertThat(again.get("db/password").version()).isEqualTo("1");
        }
    }

    @Test
    void isTheProviderChosenWhenNothingIsSet() {
        SecretsConfig config = SecretsConfig.of(Map.of(
                "XDG_DATA_HOME", dir.resolve("data").toString(),
                "XDG_CONFIG_HOME", dir.resolve("config").toString()));
        try (dev.arcanum.secrets.SecretProvider p =
                dev.arcanum.secrets.SecretProviders.builder().config(config).build()) {
            assertThat(p.name()).isEqualTo("local");
            assertThat(p.healthCheck().message()).isEqualTo("local store not created yet; the first write creates it");
            assertThat(p.healthCheck().details())
                    .containsEntry("path", defaultStore().toString());
        }
    }

    @Test
    void theKeyFileAndStoreAreOwnerOnlyAndTheirDirectoriesTooWhenCreatedHere() throws Exception {
        try (SecretStore store = open()) {
            store.put("a", "1");
        }
        assertThat(PrivateFiles.posix())
                .as("these tests run on a POSIX file system")
                .isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(defaultKeyFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(defaultStore())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(defaultKeyFile().getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(defaultStore().getParent())))
                .isEqualTo("rwx------");
        String keyText = Files.readString(defaultKeyFile()).trim();
        assertThat(Base64.getDecoder().decode(keyText)).hasSize(32);
    }

    @Test
    void missingDirectoriesOfAnExplicitPathAreCreated() {
        Path store = dir.resolve("a/b/c/secrets.enc");
        Path keyFile = dir.resolve("k/l/m/key");
        try (SecretStore s =
                open(Map.of("secrets.local.path", store.toString(), "secrets.local.key-file", keyFile.toString()))) {
            s.put("x", "y");
        }
        assertThat(store).isRegularFile();
        assertThat(keyFile).isRegularFile();
        assertThat(dir.resolve("a/b/c/secrets.enc.lock")).isRegularFile();
    }

    @Test
    void theFileHoldsNoPlaintextAndStartsWithTheHeader() throws Exception {
        try (SecretStore store = open()) {
            store.put("db/password", "correct-horse-battery-staple");
        }
        byte[] bytes = Files.readAllBytes(defaultStore());
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("ARCNMSEC");
        assertThat(bytes[8]).isEqualTo((byte) 1);
        assertThat(bytes[9]).isEqualTo((byte) 1);
        String asText = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(asText).doesNotContain("correct-horse").doesNotContain("db/password");
    }

    @Test
    void everyWriteUsesAFreshNonce() throws Exception {
        try (SecretStore store = open()) {
            store.put("a", "same");
            byte[] first = Files.readAllBytes(defaultStore());
            store.delete("a");
            store.put("a", "same");
            byte[] second = Files.readAllBytes(defaultStore());
            assertThat(StoreCipher.nonceOf(first)).isNotEqualTo(StoreCipher.nonceOf(second));
        }
    }

    @Test
    void aWrongKeyFailsClearlyAndNeverOverwritesTheStore() throws Exception {
        String key = newKey();
        try (SecretStore store = open(Map.of("secrets.local.key", key))) {
            store.put("a", "1");
        }
        byte[] before = Files.readAllBytes(defaultStore());
        String expected = "Cannot decrypt local store " + defaultStore() + ": wrong key or tampered file. The file"
                + " was left untouched; check secrets.local.key (SECRETS_LOCAL_KEY) or secrets.local.key-file, or"
                + " restore the file from a backup";
        try (SecretStore wrong = open(Map.of("secrets.local.key", newKey()))) {
            assertThatThrownBy(() -> wrong.get("a"))
                    .isInstanceOf(SecretConfigurationException.class)
                    .hasMessage(expected);
            assertThatThrownBy(() -> wrong.put("b", "2"))
                    .isInstanceOf(SecretConfigurationException.class)
                    .hasMessage(expected);
            assertThatThrownBy(() -> wrong.putIfAbsent("b", "2", SecretScope.DEFAULT))
                    .isInstanceOf(SecretConfigurationException.class);
            assertThat(wrong.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
            assertThat(wrong.healthCheck().message()).isEqualTo(expected);
        }
        assertThat(Files.readAllBytes(defaultStore())).isEqualTo(before);
        try (SecretStore right = open(Map.of("secrets.local.key", key))) {
            assertThat(right.get("a").value()).isEqualTo("1");
        }
    }

    @Test
    void aTamperedByteAnywhereIsDetected() throws Exception {
        String key = newKey();
        try (SecretStore store = open(Map.of("secrets.local.key", key))) {
            store.put("a", "1");
        }
        byte[] good = Files.readAllBytes(defaultStore());
        // Version byte, nonce, ciphertext and tag: every position is authenticated.
        for (int position : new int[] {9, 12, StoreCipher.HEADER_BYTES + 3, good.length - 1}) {
            byte[] bad = good.clone();
            bad[position] ^= 0x01;
            Files.write(defaultStore(), bad);
            try (SecretStore store = open(Map.of("secrets.local.key", key))) {
                assertThatThrownBy(() -> store.get("a"))
                        .as("byte %d", position)
                        .isInstanceOf(SecretConfigurationException.class)
                        .hasMessageStartingWith("Cannot decrypt local store " + defaultStore() + ": ");
                assertThatThrownBy(() -> store.put("a", "2")).isInstanceOf(SecretConfigurationException.class);
            }
            assertThat(Files.readAllBytes(defaultStore())).isEqualTo(bad);
        }
    }

    @Test
    void aChangedFormatVersionIsReportedAsSuch() throws Exception {
        try (SecretStore store = open()) {
            store.put("a", "1");
        }
        byte[] bytes = Files.readAllBytes(defaultStore());
        bytes[8] = 9;
        Files.write(defaultStore(), bytes);
        try (SecretStore store = open()) {
            assertThatThrownBy(() -> store.get("a"))
                    .hasMessageStartingWith("Cannot decrypt local store " + defaultStore()
                            + ": the file has format version 9 and this library reads version 1");
        }
    }

    @Test
    void aTruncatedFileIsDetected() throws Exception {
        try (SecretStore store = open()) {
            store.put("a", "1");
        }
        byte[] good = Files.readAllBytes(defaultStore());
        for (int length : new int[] {0, 5, StoreCipher.HEADER_BYTES, StoreCipher.HEADER_BYTES + 10, good.length - 1}) {
            Files.write(defaultStore(), java.util.Arrays.copyOf(good, length));
            try (SecretStore store = open()) {
                assertThatThrownBy(() -> store.get("a"))
                        .as("length %d", length)
                        .isInstanceOf(SecretConfigurationException.class)
                        .hasMessageStartingWith("Cannot decrypt local store " + defaultStore() + ": ");
            }
        }
    }

    @Test
    void aFileThatIsNotAStoreIsNamedAsSuch() throws Exception {
        Files.createDirectories(defaultStore().getParent());
        Files.writeString(defaultStore(), "DB_PASSWORD=plaintext-by-mistake\n");
        try (SecretStore store = open()) {
            assertThatThrownBy(() -> store.get("a"))
                    .hasMessageStartingWith("Cannot decrypt local store " + defaultStore()
                            + ": the file is not an Arcanum Secrets store.")
                    .hasMessageNotContaining("plaintext-by-mistake");
            assertThatThrownBy(() -> store.put("a", "b")).isInstanceOf(SecretConfigurationException.class);
        }
        assertThat(Files.readString(defaultStore())).isEqualTo("DB_PASSWORD=plaintext-by-mistake\n");
    }

    @Test
    void aStoreWhoseKeyFileIsGoneIsNotGivenANewKey() throws Exception {
        try (SecretStore store = open()) {
            store.put("a", "1");
        }
        Files.delete(defaultKeyFile());
        try (SecretStore store = open()) {
            String expected = "Local store " + defaultStore() + " exists but its key file " + defaultKeyFile()
                    + " does not; restore the key file, point secrets.local.key-file (SECRETS_LOCAL_KEY_FILE) at"
                    + " it, or set secrets.local.key (SECRETS_LOCAL_KEY)";
            assertThatThrownBy(() -> store.get("a")).hasMessage(expected);
            assertThatThrownBy(() -> store.put("b", "2")).hasMessage(expected);
        }
        assertThat(defaultKeyFile()).doesNotExist();
    }

    @Test
    void aMalformedKeyFileIsNamedWithoutItsContent() throws Exception {
        Files.createDirectories(defaultKeyFile().getParent());
        Files.writeString(defaultKeyFile(), "not-base64-!!\n");
        try (SecretStore store = open()) {
            assertThatThrownBy(() -> store.put("a", "1"))
                    .isInstanceOf(SecretConfigurationException.class)
                    .hasMessage("Key file " + defaultKeyFile() + " is malformed: expected the Base64 text of 32 bytes");
        }
        assertThat(defaultStore()).doesNotExist();
    }

    @Test
    void staleTemporaryFilesFromACrashAreIgnoredThenRemoved() throws Exception {
        try (SecretStore store = open()) {
            store.put("a", "1");
        }
        // What a writer killed before its rename leaves: a half-written file next to the store.
        Path stale = defaultStore().resolveSibling("store.enc.0123456789abcdef.tmp");
        Files.write(stale, java.util.Arrays.copyOf(Files.readAllBytes(defaultStore()), 30));
        try (SecretStore store = open()) {
            assertThat(store.get("a").value()).isEqualTo("1");
            store.put("b", "2");
            assertThat(store.get("b").value()).isEqualTo("2");
        }
        assertThat(stale).doesNotExist();
    }

    @Test
    void readsSeeWritesOfAnotherInstanceOfTheSameFile() {
        try (SecretStore one = open();
                SecretStore two = open()) {
            one.put("a", "1");
            assertThat(two.get("a").value()).isEqualTo("1");
            two.put("a", "2");
            assertThat(one.get("a").value()).isEqualTo("2");
            assertThat(one.get("a").version()).isEqualTo("2");
            two.delete("a");
            assertThat(one.exists("a")).isFalse();
        }
    }

    @Test
    void onlyTheNewestVersionsAreKept() {
        try (SecretStore store = open(Map.of("secrets.local.max-versions", "3"))) {
            for (int i = 1; i <= 5; i++) {
                store.put("a", "v" + i);
            }
            assertThat(store.get("a").version()).isEqualTo("5");
            assertThat(store.getVersion("a", "3").value()).isEqualTo("v3");
            assertThatThrownBy(() -> store.getVersion("a", "2"))
                    .isInstanceOf(SecretNotFoundException.class)
                    .hasMessage("Secret 'a' has no version 2 in scope 'default' (provider 'local' keeps the newest 3)");
        }
    }

    @Test
    void concurrentWritersOnTwoInstancesLoseNothingAndPutIfAbsentIsAtomic() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (SecretStore one = open();
                SecretStore two = open()) {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                SecretStore s = t % 2 == 0 ? one : two;
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 10; i++) {
                        s.put("t" + thread + "/k" + i, "v" + i);
                    }
                    return s.putIfAbsent("once", "t" + thread, SecretScope.DEFAULT);
                });
            }
            int created = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                created += f.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
            assertThat(one.list(SecretScope.DEFAULT)).hasSize(41);
            assertThat(two.list(SecretScope.DEFAULT))
                    .extracting(SecretMetadata::key)
                    .contains("t3/k9", "once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void processesStartingTogetherAgreeOnOneGeneratedKey() throws Exception {
        // Separate stores sharing one key file, so no store lock serialises them: only the key file's
        // hard link decides which generated key wins.
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                SecretStore s = open(Map.of(
                        "secrets.local.path", dir.resolve("store" + t + ".enc").toString()));
                String k = "writer" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    s.put(k, "v");
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < writers; t++) {
            try (SecretStore store = open(Map.of(
                    "secrets.local.path", dir.resolve("store" + t + ".enc").toString()))) {
                assertThat(store.get("writer" + t).value()).isEqualTo("v");
            }
        }
        try (Stream<Path> files = Files.list(defaultKeyFile().getParent())) {
            assertThat(files).containsExactly(defaultKeyFile());
        }
    }

    @Test
    void signaturesSurviveAReopen() {
        SignedPayload signed;
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        try (SecretStore store = open()) {
            signed = store.sign(payload, SecretPurpose.CLI_BRIDGE);
        }
        try (SecretStore store = open()) {
            assertThat(store.verify(payload, signed.signature(), SecretPurpose.CLI_BRIDGE))
                    .isTrue();
            assertThat(store.exists("signing-keys/cli-bridge")).isTrue();
        }
    }

    @Test
    void malformedSettingsAreAllReportedAtOnceWithoutTheKey() {
        assertThatThrownBy(() -> open(Map.of("secrets.local.key", "c2hvcnQ=", "secrets.local.max-versions", "1")))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'local': multiple validation failures:\n"
                        + "  - secrets.local.max-versions (SECRETS_LOCAL_MAX_VERSIONS) is '1': expected a whole"
                        + " number from 2 to 1000\n"
                        + "  - secrets.local.key (SECRETS_LOCAL_KEY) is malformed: expected the Base64 text of 32"
                        + " random bytes, for example the output of 'openssl rand -base64 32'");
    }

    @Test
    void aKeySettingNeedsNoKeyFile() {
        try (SecretStore store = open(Map.of("secrets.local.key", newKey()))) {
            store.put("a", "1");
            assertThat(store.healthCheck().details()).containsEntry("key", "secrets.local.key (SECRETS_LOCAL_KEY)");
        }
        assertThat(dir.resolve("config")).doesNotExist();
    }

    @Test
    void defaultsFallBackToTheHomeDirectoryWithoutXdgVariables() throws Exception {
        SecretStore store = (SecretStore) new LocalSecretProviderFactory()
                .create(SecretsConfig.of(Map.of("user.home", dir.toString(), "os.name", "Linux")));
        store.put("a", "1");
        assertThat(dir.resolve(".local/share/arcanum-secrets/store.enc")).isRegularFile();
        assertThat(dir.resolve(".config/arcanum-secrets/local.key")).isRegularFile();
    }

    @Test
    void windowsDefaultsLiveUnderAppData() {
        SecretStore store = (SecretStore) new LocalSecretProviderFactory()
                .create(SecretsConfig.of(Map.of(
                        "user.home", dir.toString(),
                        "os.name", "Windows 11",
                        "APPDATA", dir.resolve("Roaming").toString())));
        assertThat(store.healthCheck().details())
                .containsEntry(
                        "path", dir.resolve("Roaming/arcanum-secrets/store.enc").toString())
                .containsEntry("key", "key file " + dir.resolve("Roaming/arcanum-secrets/local.key"));
    }

    @Test
    void toStringAndHealthNeverShowValuesOrTheKey() {
        String key = newKey();
        try (SecretStore store = open(Map.of("secrets.local.key", key))) {
            store.put("a", "very-secret-value");
            assertThat(store.toString()).doesNotContain(key).doesNotContain("very-secret-value");
            assertThat(store.healthCheck().toString()).doesNotContain(key).doesNotContain("very-secret-value");
        }
    }

    @Test
    void noFilesOtherThanStoreAndLockRemainAfterWrites() throws Exception {
        try (SecretStore store = open()) {
            for (int i = 0; i < 5; i++) {
                store.put("k" + i, "v");
            }
        }
        try (Stream<Path> files = Files.list(defaultStore().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("store.enc", "store.enc.lock");
        }
    }
}
