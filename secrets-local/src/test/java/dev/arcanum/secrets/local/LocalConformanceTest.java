package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code local} provider against the conformance kit, leak detector on: a fresh directory per
 * test, with the generated key file (whose content the kit never sees, so it cannot be watched; it
 * is not logged anywhere either).
 */
class LocalConformanceTest extends SecretProviderConformanceKit {
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
