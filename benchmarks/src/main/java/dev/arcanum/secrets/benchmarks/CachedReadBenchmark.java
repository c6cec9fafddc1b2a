package dev.arcanum.secrets.benchmarks;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.amazonaws.secretsmanager.caching.SecretCacheConfiguration;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.cache.CachingSecretProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cached read path side by side with its floor and its neighbours, all on a warm key, at 1 and
 * 2 threads, in one run:
 *
 * <ul>
 *   <li>{@code chm}: {@link ConcurrentHashMap#get} — the floor: a hash lookup and nothing else;
 *   <li>{@code caffeine}: Caffeine {@code getIfPresent} with {@code expireAfterWrite}, which reads the
 *       system ticker on every hit;
 *   <li>{@code arcanum}: {@link CachingSecretProvider#get} on a hit, with the default coarse ticker;
 *   <li>{@code awsCachingClient}: the AWS Secrets Manager caching client's {@code getSecretString}
 *       on a hit, over an in-process {@link StubSecretsManagerClient};
 *   <li>{@code arcanumGetMany100}: {@code getMany} of 100 warm keys.
 * </ul>
 *
 * Run with {@code -prof gc} for the bytes allocated per operation ({@code gc.alloc.rate.norm}). See
 * {@code docs/performance.md} for the command and the numbers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CachedReadBenchmark {
    private static final int KEYS = 100;

    // Non-final so the JIT cannot fold the lookups away.
    String key = "prod/db/password";
    List<String> keys;

    ConcurrentHashMap<String, Secret> chm;
    Cache<String, Secret> caffeine;
    SecretProvider arcanum;
    SecretCache awsCachingClient;
    StubSecretsManagerClient awsStub;

    @Setup(Level.Trial)
    public void setUp() {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        Map<String, String> strings = new LinkedHashMap<>();
        keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            String k = i == 0 ? key : "prod/service-" + i + "/api-key";
            secrets.put(k, Secret.of(k, "value-" + i, "1"));
            strings.put(k, "value-" + i);
            keys.add(k);
        }

        chm = new ConcurrentHashMap<>(secrets);

        caffeine = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofMinutes(5))
                .maximumSize(10_000)
                .build();
        caffeine.putAll(secrets);

        arcanum = CachingSecretProvider.builder(new MapSecretProvider(secrets))
                .ttl(Duration.ofMinutes(5))
                .build();
        arcanum.getMany(keys); // warm every key

        awsStub = new StubSecretsManagerClient(strings);
        awsCachingClient = new SecretCache(new SecretCacheConfiguration()
                .withClient(awsStub)
                .withCacheItemTTL(TimeUnit.MINUTES.toMillis(5))
                .withMaxCacheSize(10_000));
        for (String k : keys) {
            awsCachingClient.getSecretString(k);
        }
        sanityCheck();
    }

    private void sanityCheck() {
        long before = awsStub.calls.get();
        String expected = "value-0";
        if (!expected.equals(chm.get(key).value())
                || !expected.equals(caffeine.getIfPresent(key).value())
                || !expected.equals(arcanum.get(key).value())
                || !expected.equals(awsCachingClient.getSecretString(key))
                || arcanum.getMany(keys).size() != KEYS
                || awsStub.calls.get() != before) {
            throw new IllegalStateException("a cache under test is not warm or returns the wrong value");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arcanum.close();
        awsCachingClient.close();
    }

    @Benchmark
    @Threads(1)
    public Secret chm_1t() {
        return chm.get(key);
    }

    @Benchmark
    @Threads(2)
    public Secret chm_2t() {
        return chm.get(key);
    }

    @Benchmark
    @Threads(1)
    public Secret caffeine_1t() {
        return caffeine.getIfPresent(key);
    }

    @Benchmark
    @Threads(2)
    public Secret caffeine_2t() {
        return caffeine.getIfPresent(key);
    }

    @Benchmark
    @Threads(1)
    public Secret arcanum_1t() {
        return arcanum.get(key);
    }

    @Benchmark
    @Threads(2)
    public Secret arcanum_2t() {
        return arcanum.get(key);
    }

    @Benchmark
    @Threads(1)
    public String awsCachingClient_1t() {
        return awsCachingClient.getSecretString(key);
    }

    @Benchmark
    @Threads(2)
    public String awsCachingClient_2t() {
        return awsCachingClient.getSecretString(key);
    }

    @Benchmark
    @Threads(1)
    public Map<String, Secret> arcanumGetMany100_1t() {
        return arcanum.getMany(keys);
    }

    @Benchmark
    @Threads(2)
    public Map<String, Secret> arcanumGetMany100_2t() {
        return arcanum.getMany(keys);
    }
}
