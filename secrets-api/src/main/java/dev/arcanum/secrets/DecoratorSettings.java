package dev.arcanum.secrets;

import dev.arcanum.secrets.spi.Setting;
import java.util.List;

/**
 * The settings of the decorators {@link SecretProviders} wraps around every provider: the cache,
 * seed-from-env and the read-only guard. Each is also settable from code on {@link
 * SecretProviders.Builder}, which wins over the setting. See {@code docs/configuration.md}.
 */
public final class DecoratorSettings {
    /** Time a value is served from cache; {@code 0} turns the cache off. */
    public static final Setting CACHE_TTL =
            Setting.optional("secrets.cache.ttl", "time a value is served from cache; 0 turns the cache off", "5m");

    /** Most keys held in the cache. */
    public static final Setting CACHE_MAX_SIZE = Setting.optional(
            "secrets.cache.max-size",
            "most keys the cache holds; past it the entries read longest ago are dropped",
            "10000");

    /** When a read starts a background reload: a fraction of the TTL or a lead time before expiry. */
    public static final Setting CACHE_REFRESH_AHEAD = Setting.optional(
            "secrets.cache.refresh-ahead",
            "when a read starts a background reload: a fraction of the TTL (0.8) or a lead time before expiry"
                    + " (30s); 1.0 turns refresh-ahead off",
            "0.8");

    /** How long past its TTL the last good value is served while the backend is unavailable. */
    public static final Setting CACHE_MAX_STALE = Setting.optional(
            "secrets.cache.max-stale",
            "how long past its TTL the last good value is served while the backend is unavailable; 0 = never",
            "1h");

    /** How long a not-found answer is remembered. */
    public static final Setting CACHE_NEGATIVE_TTL = Setting.optional(
            "secrets.cache.negative-ttl", "how long a not-found answer is remembered; 0 = never", "5s");

    /** Which environment variables seed which keys on start. */
    public static final Setting SEED_FROM_ENV = Setting.optional(
            "secrets.seed-from-env",
            "seed missing entries from environment variables on start: key=VARIABLE pairs separated by commas"
                    + " (db/password=DB_PASSWORD,api-key=API_KEY); false turns it off",
            "false");

    /** Every write fails with {@link ReadOnlyStoreException}; seeding is skipped. */
    public static final Setting READ_ONLY = Setting.optional(
            "secrets.read-only", "every write fails with ReadOnlyStoreException; seed-from-env is skipped", "false");

    private DecoratorSettings() {}

    /**
     * @return every decorator setting, for {@code secrets doctor} and the docs
     */
    public static List<Setting> all() {
        return List.of(
                CACHE_TTL,
                CACHE_MAX_SIZE,
                CACHE_REFRESH_AHEAD,
                CACHE_MAX_STALE,
                CACHE_NEGATIVE_TTL,
                SEED_FROM_ENV,
                READ_ONLY);
    }
}
