package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code local} provider against the conformance kit, leak detector on, with a fresh directory
 * per test: once with a generated key file, once with the key given as a setting (which the leak
 * detector then watches as a credential). Backend calls are the reads and updates of the store file.
 */
class LocalConformanceTest {

    @Nested
    class WithGeneratedKeyFile extends SecretProviderConformanceKit {
        @TempDir
        Path dir;

        private final List<VersionedStore> made = new ArrayList<>();

        @Override
        protected SecretProvider newProvider() {
            return counted(
                    made,
                    new LocalSecretProviderFactory()
                            .create(SecretsConfig.of(Map.of(
                                    "secrets.local.path",
                                            dir.resolve("store/store.enc").toString(),
                                    "secrets.local.key-file",
                                            dir.resolve("config/local.key").toString()))));
        }

        @Override
        protected long backendCallCount() {
            return callsOf(made);
        }
    }

    @Nested
    class WithKeySetting extends SecretProviderConformanceKit {
        @TempDir
        Path dir;

        private final String key = newKey();

        private final List<VersionedStore> made = new ArrayList<>();

        @Override
        protected SecretProvider newProvider() {
            return counted(
                    made,
                    new LocalSecretProviderFactory()
                            .create(SecretsConfig.of(Map.of(
                                    "secrets.local.path",
                                    dir.resolve("store.enc").toString(),
                                    "secrets.local.key",
                                    key))));
        }

        @Override
        protected long backendCallCount() {
            return callsOf(made);
        }

        @Override
        protected Collection<String> credentials() {
            return List.of(key);
        }

        private static String newKey() {
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            return Base64.getEncoder().encodeToString(k);
        }
    }

    /** Backend calls: reads and updates of the store file by every store the test made. */
    static SecretProvider counted(List<VersionedStore> made, SecretProvider p) {
        made.add((VersionedStore) p);
        return p;
    }

    static long callsOf(List<VersionedStore> made) {
        return made.stream().mapToLong(VersionedStore::entryAccessCount).sum();
    }
}
