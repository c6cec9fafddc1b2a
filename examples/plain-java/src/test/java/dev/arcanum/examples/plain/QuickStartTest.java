package dev.arcanum.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {

    @Test
    void runsAgainstTheLocalStoreAndNeverPrintsTheValue(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SecretProvider secrets = SecretProviders.builder()
                .provider("local")
                .setting("secrets.local.path", dir.resolve("store.enc").toString())
                .setting("secrets.local.key-file", dir.resolve("local.key").toString())
                .build()) {
            QuickStart.run(secrets, new PrintStream(out, true, StandardCharsets.UTF_8));
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed)
                    .contains("connecting as app with a password of 36 characters")
                    .contains("signed with HmacSHA256, key version 1")
                    .contains("verified: true")
                    .doesNotContain(secrets.get("examples/db#password").value());
        }
        assertThat(Files.exists(dir.resolve("store.enc"))).isTrue();
        assertThat(Files.readString(dir.resolve("store.enc"), StandardCharsets.ISO_8859_1))
                .doesNotContain("app");
    }
}
