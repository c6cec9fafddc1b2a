package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code local} provider against the conformance kit, leak detector on, with a fresh directory
 * per test: once with a generated key file, once with the key given as a setting (which the leak
 * detector then watches as a credential).
 */
class LocalConformanceTest {

    @Nested
    class WithGeneratedKeyFile extends SecretProviderConformanceKit {
        @TempDir
        Path dir;

        @Override
        protected SecretProvider newProvider() {
            return new LocalSecretProviderFactory()
                    .create(SecretsConfig.of(Map.of(
                            "secrets.local.path", dir.resolve("store/store.enc").toString(),
                            "secrets.local.key-file",
                                    dir.resolve("config/local.key").toString())));
        }
    }

    @Nested
    class WithKeySetting extends SecretProviderConformanceKit {
        @TempDir
        Path dir;

        private final String key = newKey();

        @Override
        protected SecretProvider newProvider() {
            return new LocalSecretProviderFactory()
                    .create(SecretsConfig.of(Map.of(
                            "secrets.local.path", dir.resolve("store.enc").toString(), "secrets.local.key", key)));
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
}
