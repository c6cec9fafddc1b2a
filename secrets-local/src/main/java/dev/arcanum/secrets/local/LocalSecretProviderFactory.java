package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import dev.arcanum.secrets.spi.SettingsReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Creates the {@code local} provider: the encrypted file store that {@code SECRETS_PROVIDER}
 * selects by default. It works with no settings at all: the store and its key file go to per-user
 * directories and are created on the first write.
 *
 * <p>{@link #create} validates the settings and touches no file; the store reads the file on first
 * use. Found by {@link java.util.ServiceLoader}; the constructor does nothing. Thread-safe.
 */
public final class LocalSecretProviderFactory implements SecretProviderFactory {
    /** The provider name {@code SECRETS_PROVIDER} selects. */
    public static final String NAME = "local";

    /** The store file. */
    public static final Setting PATH = Setting.optional(
            "secrets.local.path",
            "the encrypted store file; default $XDG_DATA_HOME/arcanum-secrets/store.enc, else"
                    + " ~/.local/share/arcanum-secrets/store.enc (%APPDATA%\\arcanum-secrets\\store.enc on Windows)");

    /** The key itself, instead of a key file. */
    public static final Setting KEY = Setting.optional(
                    "secrets.local.key",
                    "the store key, the Base64 text of 32 random bytes ('openssl rand -base64 32'); when set,"
                            + " the key file is not used")
            .asCredential();

    /** The key file, generated on the first write when absent. */
    public static final Setting KEY_FILE = Setting.optional(
            "secrets.local.key-file",
            "the file holding the store key, created owner-only on the first write; default"
                    + " $XDG_CONFIG_HOME/arcanum-secrets/local.key, else ~/.config/arcanum-secrets/local.key"
                    + " (%APPDATA%\\arcanum-secrets\\local.key on Windows)");

    /** How many versions of each key are kept. */
    public static final Setting MAX_VERSIONS = Setting.optional(
            "secrets.local.max-versions",
            "versions kept per key (at least 2, so signatures made with the previous signing key still verify);"
                    + " older ones are dropped on write",
            "10");

    /** For {@link java.util.ServiceLoader}. */
    public LocalSecretProviderFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Setting> settings() {
        return List.of(PATH, KEY, KEY_FILE, MAX_VERSIONS);
    }

    /**
     * @param config the settings
     * @return the store; nothing is read or written until it is used
     * @throws dev.arcanum.secrets.SecretConfigurationException naming every malformed setting
     */
    @Override
    public SecretProvider create(SecretsConfig config) {
        SettingsReader r = new SettingsReader(NAME, config);
        Path path = r.path(PATH);
        Path keyFile = r.path(KEY_FILE);
        Integer maxVersions = r.integer(MAX_VERSIONS, 2, 1000);
        byte[] key = null;
        String keyText = r.string(KEY);
        if (keyText != null) {
            key = decodeKey(keyText);
            if (key == null) {
                r.fail(
                        KEY,
                        "is malformed: expected the Base64 text of " + StoreCipher.KEY_BYTES
                                + " random bytes, for example the output of 'openssl rand -base64 32'");
            }
        }
        Path home = null;
        if (path == null || (key == null && keyFile == null)) {
            home = userHome(config);
            if (home == null) {
                r.fail(PATH, "has no default: the user's home directory is unknown; set it explicitly");
            }
        }
        r.validate();
        if (path == null) {
            path = defaultDirectory(
                            config, "XDG_DATA_HOME", home.resolve(".local").resolve("share"))
                    .resolve("store.enc");
        }
        if (keyFile == null && key == null) {
            keyFile = defaultDirectory(config, "XDG_CONFIG_HOME", home.resolve(".config"))
                    .resolve("local.key");
        }
        return new LocalSecretStore(path, new LocalKey(key, keyFile), maxVersions, Clock.systemUTC());
    }

    private static byte[] decodeKey(String text) {
        try {
            byte[] k = Base64.getDecoder().decode(text.trim());
            return k.length == StoreCipher.KEY_BYTES ? k : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The XDG base directory when set to an absolute path (the specification says to ignore a
     * relative one), else {@code %APPDATA%} on Windows, else the fallback under the home directory.
     */
    private static Path defaultDirectory(SecretsConfig config, String xdgVariable, Path fallback) {
        String xdg = config.get(xdgVariable);
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "arcanum-secrets");
        }
        String appData = config.get("APPDATA");
        if (isWindows(config) && appData != null && !appData.isBlank()) {
            return Path.of(appData, "arcanum-secrets");
        }
        return fallback.resolve("arcanum-secrets");
    }

    private static boolean isWindows(SecretsConfig config) {
        String os = config.get("os.name");
        if (os == null) {
            os = System.getProperty("os.name", "");
        }
        return os.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static Path userHome(SecretsConfig config) {
        String home = config.get("user.home");
        if (home == null || home.isBlank()) {
            home = System.getProperty("user.home");
        }
        return home == null || home.isBlank() ? null : Path.of(home);
    }
}
