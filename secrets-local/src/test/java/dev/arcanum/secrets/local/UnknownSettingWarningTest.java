package dev.arcanum.secrets.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.test.logging.CapturedLogEvent;
import dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider;
import dev.arcanum.secrets.test.logging.LogEventSink;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core warns about a misspelt setting under the selected provider's prefix (SecretProviders). */
class UnknownSettingWarningTest {

    @Test
    void aMisspeltSettingUnderTheProvidersPrefixIsWarnedAboutByName(@TempDir Path dir) {
        assertThat(CapturingSlf4jServiceProvider.isActive()).isTrue();
        List<CapturedLogEvent> events = new CopyOnWriteArrayList<>();
        LogEventSink sink = events::add;
        CapturingSlf4jServiceProvider.register(sink);
        try (SecretProvider p = SecretProviders.builder()
                .provider("local")
                .setting("secrets.local.path", dir.resolve("store.enc").toString())
                .setting("secrets.local.key-file", dir.resolve("local.key").toString())
                .setting("secrets.local.max-version", "3")
                .build()) {
            assertThat(p.name()).isEqualTo("local");
        } finally {
            CapturingSlf4jServiceProvider.unregister(sink);
        }
        assertThat(events)
                .filteredOn(e -> e.level().equals("WARN") && e.loggerName().equals(SecretProviders.class.getName()))
                .singleElement()
                .satisfies(e -> assertThat(e.formattedMessage())
                        .startsWith("Unknown setting 'secrets.local.max.version' for provider 'local' is ignored;"
                                + " known settings: [")
                        .contains("secrets.local.max-versions"));
    }
}
