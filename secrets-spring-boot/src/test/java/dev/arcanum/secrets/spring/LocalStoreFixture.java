package dev.arcanum.secrets.spring;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretStore;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A local store in a temporary directory, written before the Spring context starts. */
final class LocalStoreFixture {
    private LocalStoreFixture() {}

    static void write(Path dir, Map<String, String> values) {
        try (SecretProvider p = SecretProviders.builder()
                .provider("local")
                .setting("secrets.local.path", dir.resolve("store.enc").toString())
                .setting("secrets.local.key-file", dir.resolve("local.key").toString())
                .build()) {
            ((SecretStore) p).putAll(values, dev.arcanum.secrets.SecretScope.DEFAULT);
        }
    }

    static void register(Path dir, DynamicPropertyRegistry registry) {
        registry.add("secrets.provider", () -> "local");
        registry.add("secrets.local.path", () -> dir.resolve("store.enc").toString());
        registry.add("secrets.local.key-file", () -> dir.resolve("local.key").toString());
    }
}
