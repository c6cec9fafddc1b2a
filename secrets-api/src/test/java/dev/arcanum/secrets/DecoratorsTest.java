package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.cache.CachingSecretProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The decorators as {@link SecretProviders} composes them from settings and builder calls. */
class DecoratorsTest {
    private final CountingStore store = new CountingStore(true);

    private SecretProvider build(Map<String, String> settings) {
        return SecretProviders.builder()
                .provider(store)
                .config(SecretsConfig.of(settings))
                .build();
    }

    @Test
    void byDefaultTheProviderIsCachedAndWritable() {
        try (SecretProvider p = build(Map.of())) {
            assertThat(p).isInstanceOf(CachingSecretProvider.class).isInstanceOf(SecretStore.class);
            ((SecretStore) p).put("k", "v");
            assertThat(p.get("k").value()).isEqualTo("v");
            assertThat(p.get("k").value()).isEqualTo("v");
            assertThat(store.gets).hasValue(1);
        }
    }

    @Test
    void aTtlOfZeroTurnsTheCacheOff() {
        try (SecretProvider p = build(Map.of("SECRETS_CACHE_TTL", "0"))) {
            assertThat(p).isSameAs(store);
        }
    }

    @Test
    void seedingWritesOnlyMissingKeysAndNeverOverwrites() {
        store.backdoorPut("db/password", "already-there");
        try (SecretProvider p = build(Map.of(
                "SECRETS_SEED_FROM_ENV", "db/password=DB_PASSWORD, api-key=API_KEY,unset=NOT_SET",
                "DB_PASSWORD", "from-env-1",
                "API_KEY", "from-env-2"))) {
            assertThat(p.get("db/password").value()).isEqualTo("already-there");
            assertThat(p.get("api-key").value()).isEqualTo("from-env-2");
            assertThatThrownBy(() -> p.get("unset")).isInstanceOf(SecretNotFoundException.class);
        }
    }

    @Test
    void seedingFromCodeIsAddedToTheSetting() {
        try (SecretProvider p = SecretProviders.builder()
                .provider(store)
                .config(SecretsConfig.of(Map.of("SECRETS_SEED_FROM_ENV", "a=VAR_A", "VAR_A", "1", "VAR_B", "2")))
                .seedFromEnvironment(Map.of("b", "VAR_B"))
                .build()) {
            assertThat(p.getMany(List.of("a", "b"))).containsOnlyKeys("a", "b");
        }
    }

    @Test
    void seedingWritesNothingWhenReadOnly() {
        try (SecretProvider p = build(Map.of(
                "SECRETS_SEED_FROM_ENV", "db/password=DB_PASSWORD",
                "SECRETS_READ_ONLY", "true",
                "DB_PASSWORD", "from-env"))) {
            assertThat(store.writes).hasValue(0);
            assertThatThrownBy(() -> p.get("db/password")).isInstanceOf(SecretNotFoundException.class);
        }
    }

    @Test
    void seedingAProviderThatCannotWriteIsAConfigurationError() {
        ReadOnlyView view = new ReadOnlyView(store);
        assertThatThrownBy(() -> SecretProviders.builder()
                        .provider(view)
                        .config(SecretsConfig.of(Map.of("SECRETS_SEED_FROM_ENV", "k=VAR")))
                        .build())
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'view': secrets.seed-from-env (SECRETS_SEED_FROM_ENV) is set but provider 'view'"
                        + " cannot write; remove the setting or choose a store");
    }

    @Test
    void badSettingsAreReportedTogetherAndTheProviderIsClosed() {
        assertThatThrownBy(() -> build(Map.of(
                        "SECRETS_CACHE_TTL", "soon",
                        "SECRETS_CACHE_REFRESH_AHEAD", "30",
                        "SECRETS_SEED_FROM_ENV", "true",
                        "SECRETS_READ_ONLY", "maybe")))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'counting': multiple validation failures:\n"
                        + "  - secrets.cache.ttl (SECRETS_CACHE_TTL) is 'soon': expected a duration such as 500ms, 30s,"
                        + " 5m, 1h or PT5M\n"
                        + "  - secrets.cache.refresh-ahead (SECRETS_CACHE_REFRESH_AHEAD) is '30': expected a fraction of"
                        + " the TTL such as 0.8, or a lead time before expiry such as 30s\n"
                        + "  - secrets.read-only (SECRETS_READ_ONLY) is 'maybe': expected true or false\n"
                        + "  - secrets.seed-from-env (SECRETS_SEED_FROM_ENV) is 'true': say which variable seeds which"
                        + " key, as key=VARIABLE pairs separated by commas (db/password=DB_PASSWORD,api-key=API_KEY)");
        assertThat(store.isClosed()).isTrue();
        assertThat(store.writes).hasValue(0);
    }

    @Test
    void aBadSeedEntryIsRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> build(Map.of("SECRETS_SEED_FROM_ENV", "good=GOOD,bad#field=X,k=1BAD", "GOOD", "v")))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'counting': multiple validation failures:\n"
                        + "  - secrets.seed-from-env (SECRETS_SEED_FROM_ENV) has a bad entry: key 'bad#field' has a"
                        + " '#field'; seed whole entries\n"
                        + "  - secrets.seed-from-env (SECRETS_SEED_FROM_ENV) has a bad entry: '1BAD' (for key 'k') is"
                        + " not an environment variable name");
        assertThat(store.writes).hasValue(0);
    }

    @Test
    void refreshAheadAsALeadTimeMustBeShorterThanTheTtl() {
        assertThatThrownBy(() -> build(Map.of("SECRETS_CACHE_TTL", "1m", "SECRETS_CACHE_REFRESH_AHEAD", "2m")))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'counting': secrets.cache.refresh-ahead (SECRETS_CACHE_REFRESH_AHEAD) is '2m':"
                        + " the lead time must be shorter than secrets.cache.ttl (PT1M)");
    }

    @Test
    void builderValuesWinOverSettings() {
        try (SecretProvider p = SecretProviders.builder()
                .provider(store)
                .config(SecretsConfig.of(Map.of("SECRETS_CACHE_TTL", "5m", "SECRETS_READ_ONLY", "true")))
                .cacheTtl(Duration.ZERO)
                .readOnly(false)
                .build()) {
            assertThat(p).isSameAs(store);
        }
    }

    @Test
    void accessEventsWorkWithoutTheCacheToo() {
        store.backdoorPut("k", "v");
        List<SecretAccessEvent> events = new CopyOnWriteArrayList<>();
        try (SecretProvider p = SecretProviders.builder()
                .provider(store)
                .cacheTtl(Duration.ZERO)
                .accessListener(events::add)
                .build()) {
            assertThat(p).isInstanceOf(SecretStore.class);
            p.get("k");
            assertThatThrownBy(() -> p.get("nope")).isInstanceOf(SecretNotFoundException.class);
        }
        assertThat(events)
                .extracting(SecretAccessEvent::outcome)
                .containsExactly(SecretAccessEvent.Outcome.FOUND, SecretAccessEvent.Outcome.NOT_FOUND);
        assertThat(events).noneMatch(SecretAccessEvent::cacheHit);
    }
}
