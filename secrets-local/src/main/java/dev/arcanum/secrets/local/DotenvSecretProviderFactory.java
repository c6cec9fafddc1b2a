package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import dev.arcanum.secrets.spi.SettingsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates the {@code dotenv} provider, a read-only source over a {@code .env} or YAML file. {@link
 * #create} reads the file, so a missing or malformed file fails at start-up. Found by {@link
 * java.util.ServiceLoader}; the constructor does nothing. Thread-safe.
 */
public final class DotenvSecretProviderFactory implements SecretProviderFactory {
    /** The provider name {@code SECRETS_PROVIDER} selects. */
    public static final String NAME = "dotenv";

    /** The YAML file used when no {@code .env} exists and no path is set. */
    public static final String DEFAULT_YAML = "secrets.local.yaml";

    /** The file to read. */
    public static final Setting PATH = Setting.optional(
            "secrets.dotenv.path",
            "the .env or YAML file to read (a name ending in .yaml or .yml is read as YAML); default .env in"
                    + " the working directory, or secrets.local.yaml when only that exists");

    /** For {@link java.util.ServiceLoader}. */
    public DotenvSecretProviderFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Setting> settings() {
        return List.of(PATH);
    }

    /**
     * @param config the settings
     * @return the provider over the file
     * @throws dev.arcanum.secrets.SecretConfigurationException if the file is missing or malformed
     */
    @Override
    public SecretProvider create(SecretsConfig config) {
        SettingsReader r = new SettingsReader(NAME, config);
        Path path = r.path(PATH);
        r.validate();
        if (path == null) {
            String cwd = config.get("user.dir");
            Path dir = Path.of(cwd == null || cwd.isBlank() ? System.getProperty("user.dir") : cwd);
            path = dir.resolve(".env");
            if (!Files.exists(path) && Files.exists(dir.resolve(DEFAULT_YAML))) {
                path = dir.resolve(DEFAULT_YAML);
            }
        }
        return new DotenvSecretProvider(path);
    }
}
