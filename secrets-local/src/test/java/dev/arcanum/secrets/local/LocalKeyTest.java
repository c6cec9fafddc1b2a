package dev.arcanum.secrets.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.test.logging.CapturedLogEvent;
import dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider;
import dev.arcanum.secrets.test.logging.LogEventSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeyTest {
    @TempDir
    Path dir;

    private final List<CapturedLogEvent> events = new CopyOnWriteArrayList<>();
    private final LogEventSink sink = events::add;

    @BeforeEach
    void capture() {
        assertThat(CapturingSlf4jServiceProvider.isActive()).isTrue();
        CapturingSlf4jServiceProvider.register(sink);
    }

    @AfterEach
    void release() {
        CapturingSlf4jServiceProvider.unregister(sink);
    }

    private List<String> infoLines() {
        return events.stream()
                .filter(e -> e.loggerName().equals(LocalKey.class.getName())
                        && e.level().equals("INFO"))
                .map(CapturedLogEvent::formattedMessage)
                .toList();
    }

    @Test
    void theProcessThatCreatesTheKeyFileSaysSoOnce() {
        Path keyFile = dir.resolve("store.key");
        LocalKey key = new LocalKey(null, keyFile);
        byte[] generated = key.forNewStore();
        assertThat(generated).hasSize(StoreCipher.KEY_BYTES);
        assertThat(infoLines())
                .containsExactly("Generated a new key for the local secret store in " + keyFile.toAbsolutePath());
    }

    @Test
    void losingTheCreationRaceUsesTheOtherKeyAndClaimsNoGeneration() throws Exception {
        // Another process created the key file after this one found none: generate() runs with
        // the file already there, as it does when that process wins between the check and the link.
        Path keyFile = dir.resolve("store.key");
        byte[] theirs = new byte[StoreCipher.KEY_BYTES];
        Arrays.fill(theirs, (byte) 7);
        Files.write(keyFile, (Base64.getEncoder().encodeToString(theirs) + "\n").getBytes(StandardCharsets.US_ASCII));
        LocalKey key = new LocalKey(null, keyFile);
        assertThat(key.generate()).isEqualTo(theirs);
        assertThat(infoLines()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(keyFile); // the temporary file is gone
        }
    }
}
