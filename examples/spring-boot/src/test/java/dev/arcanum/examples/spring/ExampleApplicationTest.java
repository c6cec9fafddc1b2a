package dev.arcanum.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest
class ExampleApplicationTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void storeTheDatabasePassword() {
        try (SecretProvider p = SecretProviders.builder()
                .provider("local")
                .setting("secrets.local.path", dir.resolve("store.enc").toString())
                .setting("secrets.local.key-file", dir.resolve("local.key").toString())
                .build()) {
            ((SecretStore) p).put("examples/db", "{\"password\":\"pg-example-pw-77\"}");
        }
    }

    @DynamicPropertySource
    static void localStoreInTempDir(DynamicPropertyRegistry registry) {
        registry.add("secrets.local.path", () -> dir.resolve("store.enc").toString());
        registry.add("secrets.local.key-file", () -> dir.resolve("local.key").toString());
    }

    @Autowired
    DatabaseProperties database;

    @Autowired
    PayloadSigner signer;

    @Test
    void readsTheDatabasePasswordThroughAPlaceholder() {
        assertThat(database.password()).isEqualTo("pg-example-pw-77");
        assertThat(database.toString()).doesNotContain("pg-example-pw-77");
    }

    @Test
    void signsAndVerifiesAPayload() {
        String signature = signer.sign("{\"order\":42}");
        assertThat(signer.verify("{\"order\":42}", signature)).isTrue();
        assertThat(signer.verify("{\"order\":43}", signature)).isFalse();
    }
}
