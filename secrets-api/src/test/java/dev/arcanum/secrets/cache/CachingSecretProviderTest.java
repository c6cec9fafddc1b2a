package dev.arcanum.secrets.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.CountingStore;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretAccessEvent;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachingSecretProviderTest {
    private static final Duration TTL = Duration.ofMinutes(5);

    private final FakeTicker ticker = new FakeTicker();
    private final ManualExecutor executor = new ManualExecutor();
    private final CountingStore backend = new CountingStore(true);
    private final List<CachingSecretProvider> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(CachingSecretProvider::close);
    }

    private CachingSecretProvider.Builder builder(CountingStore store) {
        return CachingSecretProvider.builder(store).ttl(TTL).ticker(ticker).executor(executor);
    }

    private CachingSecretProvider cache(CachingSecretProvider.Builder b) {
        CachingSecretProvider c = b.build();
        opened.add(c);
        return c;
    }

    private CachingSecretProvider cache() {
        return cache(builder(backend).maxStale(Duration.ofMinutes(10)));
    }

    @Test
    void aHitIsServedFromMemoryWithoutCallingTheBackend() {
        backend.backdoorPut("db/password", "v1");
        CachingSecretProvider cache = cache();

        assertThat(cache.get("db/password").value()).isEqualTo("v1");
        ticker.advance(Duration.ofMinutes(3));
        assertThat(cache.get("db/password").value()).isEqualTo("v1");

        assertThat(backend.gets).hasValue(1);
        assertThat(executor.pending()).isZero();
    }

    @Test
    void sixtyFourThreadsMissingOneKeyMakeExactlyOneBackendCall() throws Exception {
        backend.backdoorPut("db/password", "v1");
        CachingSecretProvider cache = cache();
        CountDownLatch release = new CountDownLatch(1);
        backend.holdReads = release;
        int threads = 64;
        CountDownLatch ready = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    return cache.get("db/password").value();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(backend.readEntered.await(30, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<String> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("v1");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(backend.gets).hasValue(1);
    }

    @Test
    void pastTheRefreshPointTheOldValueIsServedWhileOneBackgroundReloadRuns() {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache();
        cache.get("k");
        backend.backdoorPut("k", "v2");

        ticker.advance(Duration.ofMinutes(4).plusSeconds(1)); // refresh point: 80% of 5m = 4m
        assertThat(cache.get("k").value()).isEqualTo("v1");
        assertThat(cache.get("k").value()).isEqualTo("v1");
        assertThat(cache.get("k").value()).isEqualTo("v1");

        assertThat(backend.gets).hasValue(1); // no read blocked on the backend
        assertThat(executor.pending()).isEqualTo(1); // one reload for three stale reads
        executor.runAll();
        assertThat(backend.gets).hasValue(2);
        assertThat(cache.get("k").value()).isEqualTo("v2");
        assertThat(executor.pending()).isZero();
    }

    @Test
    void readsDoNotWaitForAReloadThatHangs() throws Exception {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache();
        cache.get("k");
        ticker.advance(Duration.ofMinutes(4).plusSeconds(1));
        cache.get("k"); // queues the reload
        CountDownLatch release = new CountDownLatch(1);
        backend.holdReads = release;
        backend.readEntered = new CountDownLatch(1);
        Thread reload = new Thread(executor::runAll);
        reload.start();
        try {
            assertThat(backend.readEntered.await(30, TimeUnit.SECONDS)).isTrue(); // the backend call hangs

            ticker.advance(Duration.ofSeconds(30)); // still inside the TTL
            for (int i = 0; i < 1000; i++) {
                assertThat(cache.get("k").value()).isEqualTo("v1");
            }
            assertThat(backend.gets).hasValue(2); // no second reload while one is running
        } finally {
            backend.holdReads = null;
            release.countDown();
            reload.join(30_000);
        }
    }

    @Test
    void refreshAheadAsALeadTimeStartsThatLongBeforeExpiry() {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache(builder(backend).refreshAhead(Duration.ofSeconds(30)));
        cache.get("k");
        ticker.advance(Duration.ofSeconds(269));
        cache.get("k");
        assertThat(executor.pending()).isZero();
        ticker.advance(Duration.ofSeconds(2));
        cache.get("k");
        assertThat(executor.pending()).isEqualTo(1);
    }

    @Test
    void pastTheTtlAReadWaitsForAFreshValue() {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache();
        cache.get("k");
        backend.backdoorPut("k", "v2");
        ticker.advance(TTL);

        assertThat(cache.get("k").value()).isEqualTo("v2");
        assertThat(backend.gets).hasValue(2);
    }

    @Test
    void duringAnOutageTheLastGoodValueIsServedUpToMaxStaleThenTheReadFails() {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache(builder(backend).maxStale(Duration.ofMinutes(10)));
        cache.get("k");
        backend.failReads = new SecretProviderUnavailableException("backend down (HTTP 503)");

        ticker.advance(TTL.plusSeconds(1)); // expired: the read tries the backend, finds it down
        assertThat(cache.get("k").value()).isEqualTo("v1");
        int callsAfterFirstFailure = backend.gets.get();
        // Further reads within max-stale answer at once; retries run in the background, at most one a
        // second.
        assertThat(cache.get("k").value()).isEqualTo("v1");
        assertThat(executor.pending()).isZero();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(cache.get("k").value()).isEqualTo("v1");
        assertThat(executor.pending()).isEqualTo(1);
        executor.runAll();
        assertThat(backend.gets).hasValue(callsAfterFirstFailure + 1);

        ticker.advance(Duration.ofSeconds(598).minusMillis(1)); // 1 ms short of ttl + max-stale
        assertThat(cache.get("k").value()).isEqualTo("v1");
        executor.runAll();

        ticker.advance(Duration.ofMillis(1)); // exactly at the bound
        assertThatThrownBy(() -> cache.get("k"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("Secret 'k' (scope 'default'): provider 'counting' is unavailable and the last good"
                        + " value is older than the max-stale bound of PT10M (secrets.cache.max-stale): backend down"
                        + " (HTTP 503)");

        backend.failReads = null; // recovery
        assertThat(cache.get("k").value()).isEqualTo("v1");
    }

    @Test
    void withMaxStaleZeroAnOutageFailsAsSoonAsTheTtlIsOver() {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache(builder(backend).maxStale(Duration.ZERO));
        cache.get("k");
        backend.failReads = new SecretProviderUnavailableException("down");
        ticker.advance(TTL);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(SecretProviderUnavailableException.class);
    }

    @Test
    void anOutageWithNothingCachedFailsWithTheBackendsError() {
        CachingSecretProvider cache = cache();
        SecretProviderUnavailableException down = new SecretProviderUnavailableException("down");
        backend.failReads = down;
        assertThatThrownBy(() -> cache.get("k")).isSameAs(down);
    }

    @Test
    void accessDeniedIsNeverMaskedByACachedValue() {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache();
        cache.get("k");
        backend.failReads = new SecretAccessDeniedException("HTTP 403 on 'k'");

        ticker.advance(Duration.ofMinutes(4).plusSeconds(1));
        cache.get("k"); // still inside the TTL: served, and the background reload finds the denial
        executor.runAll();

        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(SecretAccessDeniedException.class);
        ticker.advance(Duration.ofMinutes(2)); // past the TTL, inside max-stale: still no stale value
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(SecretAccessDeniedException.class);
    }

    @Test
    void notFoundIsNeverCachedAsAValueAndIsRememberedOnlyForTheNegativeTtl() {
        CachingSecretProvider cache = cache(builder(backend).negativeTtl(Duration.ofSeconds(5)));
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(SecretNotFoundException.class);
        backend.backdoorPut("k", "v1");
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(SecretNotFoundException.class);
        assertThat(backend.gets).hasValue(1);

        ticker.advance(Duration.ofSeconds(5));
        assertThat(cache.get("k").value()).isEqualTo("v1");
        assertThat(backend.gets).hasValue(2);
    }

    @Test
    void aKeyDeletedBehindTheCacheIsNotServedAfterItsReload() {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache(builder(backend).negativeTtl(Duration.ZERO));
        cache.get("k");
        backend.backdoorDelete("k");
        ticker.advance(TTL);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(SecretNotFoundException.class);
        assertThat(backend.gets).hasValue(3); // negative TTL 0: every miss asks
    }

    @Test
    void aRefreshThatFindsANewVersionFiresOnChangeOnceOnTheExecutor() {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache();
        List<String> changes = new CopyOnWriteArrayList<>();
        cache.onChange("k", (before, after) -> changes.add(before.version() + "->" + after.version()));
        cache.get("k");
        backend.backdoorPut("k", "v2");

        ticker.advance(Duration.ofMinutes(4).plusSeconds(1));
        cache.get("k");
        executor.runAll(); // the reload, which queues the notification, which runs too
        assertThat(changes).containsExactly("1->2");

        ticker.advance(Duration.ofMinutes(4).plusSeconds(1)); // next refresh: same version
        cache.get("k");
        executor.runAll();
        assertThat(changes).containsExactly("1->2");
    }

    @Test
    void changeListenersRunOffTheCallersThread() throws Exception {
        backend.backdoorPut("k", "v1");
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "refresh-pool"));
        try {
            CachingSecretProvider cache = cache(CachingSecretProvider.builder(backend)
                    .ttl(TTL)
                    .ticker(ticker)
                    .executor(pool));
            CountDownLatch told = new CountDownLatch(1);
            List<String> threads = new CopyOnWriteArrayList<>();
            cache.onChange("k", (before, after) -> {
                threads.add(Thread.currentThread().getName());
                told.countDown();
            });
            cache.get("k");
            backend.backdoorPut("k", "v2");

            assertThat(cache.refresh("k").value()).isEqualTo("v2"); // runs the reload on this thread

            assertThat(told.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(threads).containsExactly("refresh-pool");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutVersionsAChangeIsDetectedByValue() {
        CountingStore unversioned = new CountingStore(false);
        unversioned.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache(builder(unversioned));
        List<String> changes = new CopyOnWriteArrayList<>();
        cache.onChange("k", (before, after) -> changes.add("changed"));
        cache.get("k");

        cache.refresh("k");
        executor.runAll();
        assertThat(changes).isEmpty();

        unversioned.backdoorPut("k", "v2");
        cache.refresh("k");
        executor.runAll();
        assertThat(changes).containsExactly("changed");
    }

    @Test
    void aClosedSubscriptionIsNoLongerTold() {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache();
        List<String> changes = new CopyOnWriteArrayList<>();
        Subscription s = cache.onChange("k", (before, after) -> changes.add("changed"));
        cache.get("k");
        s.close();
        s.close();
        backend.backdoorPut("k", "v2");
        cache.refresh("k");
        executor.runAll();
        assertThat(changes).isEmpty();
    }

    @Test
    void aVersionProbeSavesTheReadWhenNothingChanged() {
        CountingStore probing = CountingStore.probing();
        probing.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache(builder(probing));
        cache.get("k");

        ticker.advance(Duration.ofMinutes(4).plusSeconds(1));
        cache.get("k");
        executor.runAll();
        assertThat(probing.probes).hasValue(1);
        assertThat(probing.gets).hasValue(1); // unchanged: no second read

        ticker.advance(Duration.ofMinutes(2)); // the probe restarted the clock: still a hit
        cache.get("k");
        assertThat(executor.pending()).isZero();

        probing.backdoorPut("k", "v2");
        assertThat(cache.refresh("k").value()).isEqualTo("v2");
        assertThat(probing.probes).hasValue(2);
        assertThat(probing.gets).hasValue(2);
    }

    @Test
    void getManyServesHitsAndAsksTheBackendForTheRestInOneCall() {
        for (int i = 0; i < 5; i++) {
            backend.backdoorPut("k" + i, "v" + i);
        }
        CachingSecretProvider cache = cache();
        cache.get("k0");
        cache.get("k1");

        Map<String, Secret> got = cache.getMany(List.of("k0", "k1", "k2", "k3", "missing"));

        assertThat(got).containsOnlyKeys("k0", "k1", "k2", "k3");
        assertThat(got.get("k3").value()).isEqualTo("v3");
        assertThat(backend.getManys).hasValue(1);
        assertThat(backend.getManyKeys.get(0)).containsExactly("k2", "k3", "missing");

        // Now all warm: no backend call at all.
        assertThat(cache.getMany(List.of("k0", "k1", "k2", "k3"))).hasSize(4);
        assertThat(backend.getManys).hasValue(1);
        assertThat(backend.gets).hasValue(2);
    }

    @Test
    void getManyDuringAnOutageServesValuesWithinMaxStale() {
        backend.backdoorPut("a", "1");
        backend.backdoorPut("b", "2");
        CachingSecretProvider cache = cache();
        cache.getMany(List.of("a", "b"));
        backend.failReads = new SecretProviderUnavailableException("down");
        ticker.advance(TTL);

        assertThat(cache.getMany(List.of("a", "b"))).containsOnlyKeys("a", "b");
        assertThatThrownBy(() -> cache.getMany(List.of("a", "c")))
                .isInstanceOf(SecretProviderUnavailableException.class);
    }

    @Test
    void writesThroughTheCacheKeepItCoherent() {
        CachingSecretProvider cache = cache();
        assertThat(cache).isInstanceOf(SecretStore.class);
        SecretStore store = (SecretStore) cache;

        store.put("db", "{\"password\":\"p1\"}");
        assertThat(cache.get("db").value()).isEqualTo("{\"password\":\"p1\"}");
        store.put("db", "{\"password\":\"p2\"}");
        assertThat(cache.get("db").value()).isEqualTo("{\"password\":\"p2\"}");

        store.delete("db");
        assertThatThrownBy(() -> cache.get("db")).isInstanceOf(SecretNotFoundException.class);
        assertThat(store.putIfAbsent("db", "p3", SecretScope.DEFAULT)).isTrue(); // drops the negative entry
        assertThat(cache.get("db").value()).isEqualTo("p3");

        store.putAll(Map.of("db", "p4"), SecretScope.DEFAULT);
        assertThat(cache.get("db").value()).isEqualTo("p4");
    }

    @Test
    void invalidatingAKeyDropsItsFieldsToo() {
        backend.backdoorPut("db#password", "p1");
        backend.backdoorPut("db", "whole");
        CachingSecretProvider cache = cache();
        cache.get("db#password");
        cache.get("db");
        backend.backdoorPut("db#password", "p2");

        cache.invalidate("db");
        assertThat(cache.get("db#password").value()).isEqualTo("p2");
        cache.get("db");
        assertThat(backend.gets).hasValue(4);
    }

    @Test
    void aWriteDuringAReloadWinsOverTheReloadsOlderResult() throws Exception {
        backend.backdoorPut("k", "v1");
        CachingSecretProvider cache = cache();
        cache.get("k");
        ticker.advance(Duration.ofMinutes(4).plusSeconds(1));
        cache.get("k"); // queues a background reload
        CountDownLatch release = new CountDownLatch(1);
        backend.holdReads = release;
        backend.readEntered = new CountDownLatch(1);
        Thread reload = new Thread(executor::runAll);
        reload.start();
        assertThat(backend.readEntered.await(30, TimeUnit.SECONDS)).isTrue(); // it has read v1 and hangs

        ((SecretStore) cache).put("k", "v2");
        backend.holdReads = null;
        release.countDown();
        reload.join(30_000);

        assertThat(cache.get("k").value()).isEqualTo("v2"); // the reload's older v1 was not cached
    }

    @Test
    void scopesAreSeparate() {
        backend.backdoorPut("k", "default");
        backend.backdoorPut("k", "db", SecretScope.DATABASE);
        CachingSecretProvider cache = cache();
        assertThat(cache.get("k").value()).isEqualTo("default");
        assertThat(cache.get("k", SecretScope.DATABASE).value()).isEqualTo("db");
        assertThat(cache.get("k", SecretScope.DATABASE).value()).isEqualTo("db");
        assertThat(backend.gets).hasValue(2);
    }

    @Test
    void aMalformedKeyFailsBeforeTheBackend() {
        CachingSecretProvider cache = cache();
        assertThatThrownBy(() -> cache.get("../etc")).isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> cache.get(null)).isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> cache.getMany(List.of("ok", "bad//key")))
                .isInstanceOf(InvalidSecretKeyException.class);
        assertThat(backend.gets).hasValue(0);
        assertThat(backend.getManys).hasValue(0);
    }

    @Test
    void pastTheMaximumSizeTheEntriesReadLongestAgoAreDropped() {
        for (int i = 0; i < 20; i++) {
            backend.backdoorPut("k" + i, "v" + i);
        }
        CachingSecretProvider cache = cache(builder(backend).maximumSize(10));
        for (int i = 0; i < 11; i++) {
            cache.get("k" + i);
            ticker.advance(Duration.ofMillis(1));
        }
        assertThat(cache.estimatedSize()).isEqualTo(10);
        cache.get("k10"); // newest: kept
        cache.get("k0"); // oldest: dropped, read again
        assertThat(backend.gets).hasValue(12);
    }

    @Test
    void accessEventsTellKeyScopeOutcomeAndCacheHitButNeverTheValue() {
        backend.backdoorPut("k", "s3cret-value");
        List<SecretAccessEvent> events = new CopyOnWriteArrayList<>();
        CachingSecretProvider cache = cache(builder(backend).accessListener(events::add));

        cache.get("k");
        cache.get("k");
        assertThatThrownBy(() -> cache.get("missing")).isInstanceOf(SecretNotFoundException.class);

        assertThat(events).extracting(SecretAccessEvent::key).containsExactly("k", "k", "missing");
        assertThat(events).extracting(SecretAccessEvent::cacheHit).containsExactly(false, true, false);
        assertThat(events)
                .extracting(SecretAccessEvent::outcome)
                .containsExactly(
                        SecretAccessEvent.Outcome.FOUND,
                        SecretAccessEvent.Outcome.FOUND,
                        SecretAccessEvent.Outcome.NOT_FOUND);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.provider()).isEqualTo("counting");
            assertThat(e.scope()).isEqualTo(SecretScope.DEFAULT);
            assertThat(e.duration().isNegative()).isFalse();
            assertThat(e.toString()).doesNotContain("s3cret-value");
        });
    }

    @Test
    void getManyTellsOneEventPerKey() {
        backend.backdoorPut("a", "1");
        backend.backdoorPut("b", "2");
        List<SecretAccessEvent> events = new CopyOnWriteArrayList<>();
        CachingSecretProvider cache = cache(builder(backend).accessListener(events::add));
        cache.get("a");
        events.clear();

        cache.getMany(List.of("a", "b", "c"));

        assertThat(events)
                .extracting(e -> e.key() + ":" + e.outcome() + ":" + e.cacheHit())
                .containsExactlyInAnyOrder("a:FOUND:true", "b:FOUND:false", "c:NOT_FOUND:false");
    }

    @Test
    void aListenerThatThrowsNeverFailsTheRead() {
        backend.backdoorPut("k", "v");
        CachingSecretProvider cache = cache(builder(backend).accessListener(e -> {
            throw new IllegalStateException("audit down");
        }));
        assertThat(cache.get("k").value()).isEqualTo("v");
    }

    @Test
    void closingTheCacheClosesTheProvider() {
        CachingSecretProvider cache = cache();
        cache.close();
        assertThat(backend.isClosed()).isTrue();
    }

    @Test
    void theBuilderRefusesValuesOutOfRange() {
        assertThatThrownBy(() -> CachingSecretProvider.builder(backend)
                        .ttl(Duration.ZERO)
                        .build())
                .hasMessage("ttl must be positive, was PT0S (a TTL of 0 means no cache: do not wrap the provider)");
        assertThatThrownBy(() ->
                        CachingSecretProvider.builder(backend).refreshAhead(1.5).build())
                .hasMessage("refreshAhead must be a fraction of the TTL above 0 and at most 1, was 1.5");
        assertThatThrownBy(() -> CachingSecretProvider.builder(backend)
                        .refreshAhead(Duration.ofMinutes(5))
                        .build())
                .hasMessage("refreshAhead lead time must be at least 0 and shorter than the ttl (PT5M), was PT5M");
        assertThatThrownBy(() -> CachingSecretProvider.builder(backend).ttl(TTL).ttl(TTL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ttl was already set");
    }
}
