package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar carries every backend: their {@code META-INF/services} entries survive shading
 * (merged by the {@code ServicesResourceTransformer}), so discovery finds them with no settings.
 */
class ShippedBackendsIT {
    @TempDir
    Path home;

    @Test
    void doctorListsEveryBackendAmongTheAvailableProviders() throws Exception {
        Cli.Result r = new ShadedJar(home).run(Map.of(), "doctor");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().lines()).contains("available aws, azure, dotenv, infisical, local, memory, vault");
        assertThat(r.err()).isEmpty();
    }
}
