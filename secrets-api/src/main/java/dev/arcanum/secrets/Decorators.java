package dev.arcanum.secrets;

import static dev.arcanum.secrets.DecoratorSettings.CACHE_MAX_SIZE;
import static dev.arcanum.secrets.DecoratorSettings.CACHE_MAX_STALE;
import static dev.arcanum.secrets.DecoratorSettings.CACHE_NEGATIVE_TTL;
import static dev.arcanum.secrets.DecoratorSettings.CACHE_REFRESH_AHEAD;
import static dev.arcanum.secrets.DecoratorSettings.CACHE_TTL;
import static dev.arcanum.secrets.DecoratorSettings.READ_ONLY;
import static dev.arcanum.secrets.DecoratorSettings.SEED_FROM_ENV;

import dev.arcanum.secrets.cache.CachingSecretProvider;
import dev.arcanum.secrets.cache.Ticker;
import dev.arcanum.secrets.internal.ObservingSecretProvider;
import dev.arcanum.secrets.spi.SettingsReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes the core decorators around a provider. Each is a {@code SecretProvider -> SecretProvider}
 * function; the order is fixed because each relies on the one before:
 *
 * <ol>
 *   <li>seed-from-env writes into the raw store, once, at build (skipped when read-only);
 *   <li>the read-only guard refuses writes before they reach the store;
 *   <li>the cache sits outermost so a hit touches nothing else, and writes through it pass the guard
 *       before they invalidate.
 * </ol>
 *
 * Every setting is read and checked before anything is written, so a bad setting fails the build
 * with one message naming every problem and the store is untouched.
 */
final class Decorators {
    private static final Logger LOG = LoggerFactory.getLogger(Decorators.class);
    private static final Pattern FRACTION = Pattern.compile("\\d*\\.\\d+|1");

    private Decorators() {}

    /** Values given in code on {@link SecretProviders.Builder}; null means "use the setting". */
    static final class Options {
        Duration cacheTtl;
        Long maximumSize;
        Double refreshAheadFraction;
        Duration refreshAheadLead;
        Duration maxStale;
        Duration negativeTtl;
        Ticker ticker;
        Executor executor;
        Boolean readOnly;
        Map<String, String> seed;
        SecretAccessListener accessListener;
    }

    static SecretProvider decorate(SecretProvider base, SecretsConfig config) {
        return decorate(base, config, new Options());
    }

    static SecretProvider decorate(SecretProvider base, SecretsConfig config, Options o) {
        SettingsReader r = new SettingsReader(base.name(), config);
        Duration ttl = o.cacheTtl != null ? o.cacheTtl : r.duration(CACHE_TTL);
        Long maximumSize =
                o.maximumSize != null ? o.maximumSize : toLong(r.integer(CACHE_MAX_SIZE, 1, Integer.MAX_VALUE));
        Duration maxStale = o.maxStale != null ? o.maxStale : r.duration(CACHE_MAX_STALE);
        Duration negativeTtl = o.negativeTtl != null ? o.negativeTtl : r.duration(CACHE_NEGATIVE_TTL);
        Double fraction = o.refreshAheadFraction;
        Duration lead = o.refreshAheadLead;
        if (fraction == null && lead == null) {
            String v = r.string(CACHE_REFRESH_AHEAD);
            if (FRACTION.matcher(v).matches()) {
                fraction = Double.parseDouble(v);
                if (!(fraction > 0 && fraction <= 1)) {
                    r.fail(CACHE_REFRESH_AHEAD, "is '" + v + "': a fraction of the TTL must be above 0 and at most 1");
                    fraction = null;
                }
            } else if (v.chars().anyMatch(Character::isLetter) && SettingsReader.parseDuration(v) != null) {
                lead = SettingsReader.parseDuration(v);
                if (ttl != null && !ttl.isZero() && lead.compareTo(ttl) >= 0) {
                    r.fail(
                            CACHE_REFRESH_AHEAD,
                            "is '" + v + "': the lead time must be shorter than secrets.cache.ttl (" + ttl + ")");
                    lead = null;
                }
            } else {
                r.fail(
                        CACHE_REFRESH_AHEAD,
                        "is '" + v + "': expected a fraction of the TTL such as 0.8, or a lead time before expiry"
                                + " such as 30s");
            }
        }
        boolean readOnly = o.readOnly != null ? o.readOnly : Boolean.TRUE.equals(r.bool(READ_ONLY));
        Map<String, String> seed = new LinkedHashMap<>(parseSeed(r));
        if (o.seed != null) {
            seed.putAll(o.seed);
        }
        if (!seed.isEmpty()) {
            for (String problem : SeedFromEnvironment.problems(seed)) {
                r.fail(SEED_FROM_ENV, "has a bad entry: " + problem);
            }
            if (!(base instanceof SecretStore) && !readOnly) {
                r.fail(
                        SEED_FROM_ENV,
                        "is set but provider '" + base.name() + "' cannot write; remove the setting or choose a"
                                + " store");
            }
        }
        r.validate();

        if (!seed.isEmpty()) {
            if (readOnly) {
                LOG.info(
                        "Seed-from-env skipped for provider '{}': it is read-only (secrets.read-only); keys not"
                                + " seeded: {}",
                        base.name(),
                        seed.keySet());
            } else {
                SeedFromEnvironment.seed((SecretStore) base, seed, config::get);
            }
        }
        SecretProvider p = readOnly ? ReadOnlySecretProvider.wrap(base) : base;
        if (ttl.isZero()) {
            return o.accessListener != null ? ObservingSecretProvider.wrap(p, o.accessListener) : p;
        }
        CachingSecretProvider.Builder cache = CachingSecretProvider.builder(p)
                .ttl(ttl)
                .maximumSize(maximumSize)
                .maxStale(maxStale)
                .negativeTtl(negativeTtl);
        if (lead != null) {
            cache.refreshAhead(lead);
        } else {
            cache.refreshAhead(fraction);
        }
        if (o.ticker != null) {
            cache.ticker(o.ticker);
        }
        if (o.executor != null) {
            cache.executor(o.executor);
        }
        if (o.accessListener != null) {
            cache.accessListener(o.accessListener);
        }
        try {
            return cache.build();
        } catch (IllegalArgumentException e) {
            throw new SecretConfigurationException("Provider '" + base.name() + "': " + e.getMessage(), e);
        }
    }

    private static Long toLong(Integer i) {
        return i == null ? null : i.longValue();
    }

    /**
     * {@code false}/{@code off} (the default): nothing. Otherwise {@code key=VARIABLE} pairs separated
     * by commas or white space. {@code true} alone is refused: it would not say which variables.
     */
    private static Map<String, String> parseSeed(SettingsReader r) {
        String v = r.string(SEED_FROM_ENV);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        Boolean flag = SettingsReader.parseBoolean(v);
        if (Boolean.FALSE.equals(flag)) {
            return out;
        }
        if (Boolean.TRUE.equals(flag)) {
            r.fail(
                    SEED_FROM_ENV,
                    "is '" + v + "': say which variable seeds which key, as key=VARIABLE pairs separated by commas"
                            + " (db/password=DB_PASSWORD,api-key=API_KEY)");
            return out;
        }
        for (String pair : List.of(v.split("[,\\s]+"))) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                r.fail(SEED_FROM_ENV, "has '" + pair + "': expected key=VARIABLE");
                continue;
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }
}
