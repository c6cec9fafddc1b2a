package dev.arcanum.secrets;

import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import dev.arcanum.secrets.spi.SettingsReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Factories registered in the test class path's META-INF/services. */
final class TestFactories {
    private TestFactories() {}

    /** A provider with required settings, a credential and an alias. */
    public static final class Alpha implements SecretProviderFactory {
        static final Setting URL =
                Setting.required("secrets.alpha.url", "where alpha lives").alsoFrom("ALPHA_ADDR");
        static final Setting TOKEN =
                Setting.required("secrets.alpha.token", "alpha's token").asCredential();
        static final Setting TIMEOUT = Setting.optional("secrets.alpha.timeout", "request timeout", "10s");
        static final Setting PIN =
                Setting.optional("secrets.alpha.pin", "a numeric PIN").asCredential();
        static final AtomicInteger CREATED = new AtomicInteger();

        @Override
        public String name() {
            return "alpha";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("alpha_dev");
        }

        @Override
        public List<Setting> settings() {
            return List.of(URL, TOKEN, TIMEOUT, PIN);
        }

        @Override
        public SecretProvider create(SecretsConfig config) {
            SettingsReader r = new SettingsReader(name(), config);
            URI url = r.uri(URL);
            r.string(TOKEN);
            Duration timeout = r.duration(TIMEOUT);
            r.integer(PIN, 0, 9999);
            r.validate();
            CREATED.incrementAndGet();
            MapSecretStore store = new MapSecretStore();
            store.put("meta/url", url.toString(), SecretScope.DEFAULT);
            store.put("meta/timeout", timeout.toString(), SecretScope.DEFAULT);
            store.put("meta/selected-as", config.get("secrets.provider"), SecretScope.DEFAULT);
            return store;
        }
    }

    /** A provider that must never be created when another one is selected. */
    public static final class Beta implements SecretProviderFactory {
        static final AtomicInteger CREATED = new AtomicInteger();

        @Override
        public String name() {
            return "beta";
        }

        @Override
        public List<Setting> settings() {
            return List.of();
        }

        @Override
        public SecretProvider create(SecretsConfig config) {
            CREATED.incrementAndGet();
            return new MapSecretStore();
        }
    }

    /** A factory whose name() throws, as when one of its classes is missing at run time. */
    public static final class Broken implements SecretProviderFactory {
        @Override
        public String name() {
            throw new NoClassDefFoundError("com/example/MissingDependency");
        }

        @Override
        public List<Setting> settings() {
            return List.of();
        }

        @Override
        public SecretProvider create(SecretsConfig config) {
            throw new AssertionError("never selected");
        }
    }
}
