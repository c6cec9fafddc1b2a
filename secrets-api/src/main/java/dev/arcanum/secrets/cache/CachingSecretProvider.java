package dev.arcanum.secrets.cache;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretAccessEvent;
import dev.arcanum.secrets.SecretAccessListener;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.internal.CoarseTicker;
import dev.arcanum.secrets.spi.VersionProbe;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-through cache in front of another provider, built for the hot path of an application: a
 * hit is one hash-map read and one read of a coarse clock, allocates nothing and never blocks on the
 * backend.
 *
 * <p><b>Lifecycle of an entry.</b> A value read at time {@code t} is served from memory until {@code
 * t + ttl}. From its refresh point ({@code t + ttl × refreshAhead}, or {@code ttl - lead} when the
 * refresh-ahead is given as a duration) a read still returns the cached value at once and starts one
 * background reload on the executor (stale-while-revalidate). Past {@code t + ttl} a read waits for a
 * reload; concurrent readers of one key share it (single flight: one backend call). If the backend
 * is unavailable, the last good value keeps being served until {@code t + ttl + maxStale}, with a
 * WARN the first time and DEBUG after; past that bound a read fails with {@link
 * SecretProviderUnavailableException}. During an outage the backend is retried in the background at
 * most once a second per key.
 *
 * <p><b>Failures are never hidden.</b> A missing key is not cached as a value: it is remembered for
 * the (short) negative TTL only, then asked again. Access denied drops the cached value and is thrown
 * — a revoked credential is never masked by a stale value.
 *
 * <p><b>Coherence.</b> When the wrapped provider is a {@link SecretStore}, the cache is one too
 * ({@code instanceof SecretStore}): writes go through to it and then drop the cached entries of that
 * key (and of its {@code #field} keys), so a read after a write sees the write. {@link #invalidate}
 * and {@link #refresh} do the same from outside, for example when a rotation is announced.
 *
 * <p><b>Rotation.</b> {@link #onChange} listeners are told, on the executor, when a reload returns
 * a new version (compared by {@link Secret#version()}, or by value when the backend keeps no
 * versions). A provider that implements {@link VersionProbe} is asked for the current version first
 * and the value is only read again when it changed.
 *
 * <p><b>Size.</b> At most {@code maximumSize} keys are held; past that, the entries read longest ago
 * are dropped (10% at a time). Hits do not record access, which is what keeps them free of shared
 * writes and lets them scale across cores.
 *
 * <p>{@code getMany} serves what it holds and asks the backend for the rest in one {@code getMany}
 * call. {@code getVersion}, {@code sign}, {@code verify}, {@code healthCheck} and the store's {@code
 * exists} and {@code list} are not cached.
 *
 * <p><b>Thread safety</b>: safe for any number of threads. <b>Nulls</b>: no argument may be null.
 * Build with {@link #builder(SecretProvider)}; closing the cache closes the provider it wraps.
 */
public sealed class CachingSecretProvider implements SecretProvider permits CachingSecretStore {
    private static final Logger LOG = LoggerFactory.getLogger(CachingSecretProvider.class);

    /** Retry interval for a key whose backend is failing. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    // Far enough from Long.MAX_VALUE that deadline arithmetic never overflows.
    private static final long MAX_NANOS = Long.MAX_VALUE / 4;

    final SecretProvider delegate;
    private final String name;
    private final long ttlNanos;
    private final long refreshAfterNanos;
    private final long maxStaleNanos;
    private final long negativeTtlNanos;
    private final long maximumSize;
    private final Duration maxStale;
    private final Ticker ticker;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final boolean acquiredCoarseTicker;
    private final SecretAccessListener listener;
    private final VersionProbe probe;

    // One map per scope so a hit looks up the caller's own String: no composite key, no allocation.
    private final ConcurrentHashMap<String, Node> defaultScope = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SecretScope, ConcurrentHashMap<String, Node>> otherScopes =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ListenerKey, CopyOnWriteArrayList<SecretChangeListener>> changeListeners =
            new ConcurrentHashMap<>();
    private final AtomicLong size = new AtomicLong();
    private final ReentrantLock evictionLock = new ReentrantLock();
    private final AtomicBoolean outageWarned = new AtomicBoolean();
    private final AtomicBoolean listenerFailureWarned = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    CachingSecretProvider(Builder b) {
        this.delegate = b.delegate;
        this.name = b.delegate.name();
        this.ttlNanos = clamp(b.ttl);
        this.refreshAfterNanos = b.refreshAheadLead != null
                ? ttlNanos - clamp(b.refreshAheadLead)
                : (long) (ttlNanos * b.refreshAheadFraction);
        this.maxStale = b.maxStale;
        this.maxStaleNanos = clamp(b.maxStale);
        this.negativeTtlNanos = clamp(b.negativeTtl);
        this.maximumSize = b.maximumSize;
        this.listener = b.accessListener;
        this.probe = b.delegate instanceof VersionProbe ? (VersionProbe) b.delegate : null;
        if (b.ticker == null || b.ticker == CoarseTicker.INSTANCE) {
            CoarseTicker.INSTANCE.acquire();
            this.ticker = CoarseTicker.INSTANCE;
            this.acquiredCoarseTicker = true;
        } else {
            this.ticker = b.ticker;
            this.acquiredCoarseTicker = false;
        }
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownedExecutor = null;
        } else {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new RefreshThreads(name));
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
            this.ownedExecutor = pool;
        }
    }

    private static long clamp(Duration d) {
        try {
            return Math.min(d.toNanos(), MAX_NANOS);
        } catch (ArithmeticException e) {
            return MAX_NANOS;
        }
    }

    /**
     * Starts building a cache in front of a provider.
     *
     * @param delegate the provider to wrap; closing the cache closes it
     * @return a builder with the defaults: TTL 5 minutes, refresh-ahead at 80% of the TTL, max-stale 1
     *     hour, negative TTL 5 seconds, 10,000 keys, the coarse ticker and a private two-thread
     *     refresh executor
     */
    public static Builder builder(SecretProvider delegate) {
        return new Builder(delegate);
    }

    // ---------------------------------------------------------------- reads

    @Override
    public final String name() {
        return name;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Served from memory when cached and not past its refresh point, without blocking; see the
     * class comment for what happens past it.
     */
    @Override
    public final Secret get(String key, SecretScope scope) {
        if (listener == null) {
            Secret s = hit(key, scope);
            return s != null ? s : read(key, scope, null);
        }
        return observedGet(key, scope);
    }

    /**
     * The hot path: a map read, two reads of the node's published value and deadline, and a read of
     * the coarse clock. No allocation, no lock, no shared write.
     */
    private Secret hit(String key, SecretScope scope) {
        ConcurrentHashMap<String, Node> m = scope == SecretScope.DEFAULT ? defaultScope : otherScopes.get(scope);
        if (m == null || key == null) {
            return null;
        }
        Node n = m.get(key);
        if (n == null) {
            return null;
        }
        // Deadline first, then value: see publish() for why this order is safe without a snapshot.
        long until = n.hitUntil;
        Secret s = n.hitSecret;
        if (s == null || ticker.read() - until >= 0) {
            return null;
        }
        return s;
    }

    private Secret observedGet(String key, SecretScope scope) {
        long start = System.nanoTime();
        Secret s = hit(key, scope);
        if (s != null) {
            emit(key, scope, SecretAccessEvent.Outcome.FOUND, start, true);
            return s;
        }
        ReadTrace trace = new ReadTrace();
        try {
            s = read(key, scope, trace);
            emit(
                    key,
                    scope,
                    trace.stale ? SecretAccessEvent.Outcome.STALE : SecretAccessEvent.Outcome.FOUND,
                    start,
                    trace.hit);
            return s;
        } catch (RuntimeException e) {
            emit(key, scope, SecretAccessEvent.outcomeOf(e), start, trace.hit);
            throw e;
        }
    }

    private Secret read(String key, SecretScope scope, ReadTrace trace) {
        SecretKey.parse(key);
        Objects.requireNonNull(scope, "scope");
        Node n = node(key, scope);
        for (; ; ) {
            Snapshot s = n.snapshot;
            long now = ticker.read();
            if (s != null) {
                if (s.secret == null) {
                    if (now - s.expiresAt < 0) {
                        if (trace != null) {
                            trace.hit = true;
                        }
                        throw notFound(key, scope);
                    }
                } else if (now - s.refreshAt < 0) {
                    if (trace != null) {
                        trace.hit = true;
                    }
                    return s.secret;
                } else if (now - s.expiresAt < 0 || (s.failing && now - s.staleUntil < 0)) {
                    // Stale-while-revalidate (or inside max-stale during an outage): answer now, reload
                    // in the background, at most one reload at a time and one retry a second if failing.
                    if (!s.failing || now - s.retryAt >= 0) {
                        startLoad(n, s, true);
                    }
                    if (trace != null) {
                        trace.hit = true;
                        trace.stale = now - s.expiresAt >= 0;
                    }
                    if (now - s.expiresAt >= 0) {
                        logStale(key, scope);
                    }
                    return s.secret;
                }
            }
            CompletableFuture<Snapshot> f = startLoad(n, s, false);
            if (f == null) {
                continue; // another thread installed a snapshot in between; look at it
            }
            Snapshot r = await(f);
            if (r.secret == null) {
                throw notFound(key, scope);
            }
            if (trace != null) {
                trace.stale = r.failing;
            }
            return r.secret;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Keys held in cache are answered from it; the rest are asked for in one {@code getMany} call
     * to the wrapped provider. If that call finds the backend unavailable, keys whose last good value
     * is within max-stale are served from it; otherwise the call fails.
     */
    @Override
    public final Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        long start = listener != null ? System.nanoTime() : 0L;
        Map<String, Secret> out = new HashMap<>(Math.max(16, keys.size() * 4 / 3 + 1));
        // Hits first: a key in the map was validated when it was first read, so only the others are
        // parsed — and all of them before any backend call.
        List<String> rest = null;
        for (String k : keys) {
            Secret hit = hit(k, scope);
            if (hit != null) {
                out.put(k, hit);
                if (listener != null) {
                    emit(k, scope, SecretAccessEvent.Outcome.FOUND, start, true);
                }
            } else {
                if (rest == null) {
                    rest = new ArrayList<>();
                }
                rest.add(k);
            }
        }
        if (rest == null) {
            return out;
        }
        for (String k : rest) {
            SecretKey.parse(k);
        }
        Set<String> missing = null;
        long now = ticker.read();
        for (String k : rest) {
            if (out.containsKey(k)) {
                continue; // a duplicate of a hit
            }
            Node n = node(k, scope);
            Snapshot s = n.snapshot;
            if (s != null) {
                if (s.secret == null && now - s.expiresAt < 0) {
                    if (listener != null) {
                        emit(k, scope, SecretAccessEvent.Outcome.NOT_FOUND, start, true);
                    }
                    continue;
                }
                if (s.secret != null
                        && (now - s.refreshAt < 0 || now - s.expiresAt < 0 || (s.failing && now - s.staleUntil < 0))) {
                    if (now - s.refreshAt >= 0 && (!s.failing || now - s.retryAt >= 0)) {
                        startLoad(n, s, true);
                    }
                    out.put(k, s.secret);
                    if (listener != null) {
                        emit(
                                k,
                                scope,
                                now - s.expiresAt >= 0
                                        ? SecretAccessEvent.Outcome.STALE
                                        : SecretAccessEvent.Outcome.FOUND,
                                start,
                                true);
                    }
                    continue;
                }
            }
            if (missing == null) {
                missing = new LinkedHashSet<>();
            }
            missing.add(k);
        }
        if (missing != null) {
            loadMany(missing, scope, out, start);
        }
        return out;
    }

    private void loadMany(Set<String> missing, SecretScope scope, Map<String, Secret> out, long start) {
        Map<String, Node> nodes = new HashMap<>();
        Map<String, Long> generations = new HashMap<>();
        for (String k : missing) {
            Node n = node(k, scope);
            nodes.put(k, n);
            synchronized (n) {
                generations.put(k, n.generation);
            }
        }
        long now = ticker.read();
        Map<String, Secret> loaded;
        try {
            loaded = delegate.getMany(List.copyOf(missing), scope);
        } catch (SecretProviderUnavailableException e) {
            // Serve every key still inside max-stale; fail if any is not.
            for (String k : missing) {
                Snapshot s = nodes.get(k).snapshot;
                if (s == null || s.secret == null || now - s.staleUntil >= 0) {
                    if (listener != null) {
                        emit(k, scope, SecretAccessEvent.Outcome.UNAVAILABLE, start, false);
                    }
                    throw s != null && s.secret != null ? pastMaxStale(k, scope, e) : e;
                }
            }
            for (String k : missing) {
                Node n = nodes.get(k);
                Snapshot s = n.snapshot;
                install(n, generations.get(k), s.failed(now + RETRY_NANOS));
                warnOutage(k, scope, e);
                out.put(k, s.secret);
                if (listener != null) {
                    emit(k, scope, SecretAccessEvent.Outcome.STALE, start, false);
                }
            }
            return;
        } catch (SecretAccessDeniedException e) {
            for (String k : missing) {
                Node n = nodes.get(k);
                install(n, generations.get(k), null);
                if (listener != null) {
                    emit(k, scope, SecretAccessEvent.Outcome.ACCESS_DENIED, start, false);
                }
            }
            throw e;
        }
        recovered();
        for (String k : missing) {
            Node n = nodes.get(k);
            Secret v = loaded.get(k);
            if (v == null) {
                install(n, generations.get(k), negative(now));
                if (listener != null) {
                    emit(k, scope, SecretAccessEvent.Outcome.NOT_FOUND, start, false);
                }
            } else {
                Secret previous = n.lastSecret;
                install(n, generations.get(k), fresh(v, now));
                if (previous != null && changed(previous, v)) {
                    fireChange(n, previous, v);
                }
                out.put(k, v);
                if (listener != null) {
                    emit(k, scope, SecretAccessEvent.Outcome.FOUND, start, false);
                }
            }
        }
    }

    // ---------------------------------------------------------------- loading

    /**
     * Starts a reload of a node unless one is running. Returns the running or started load, or null
     * when the node's snapshot is no longer {@code observed} (the caller should look again).
     */
    private CompletableFuture<Snapshot> startLoad(Node n, Snapshot observed, boolean async) {
        CompletableFuture<Snapshot> f;
        long generation;
        synchronized (n) {
            if (n.inflight != null) {
                return n.inflight;
            }
            if (n.snapshot != observed) {
                return null;
            }
            f = new CompletableFuture<>();
            n.inflight = f;
            generation = n.generation;
        }
        Runnable task = () -> runLoad(n, observed, generation, f);
        if (async) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                synchronized (n) {
                    if (n.inflight == f) {
                        n.inflight = null;
                    }
                }
                f.completeExceptionally(new SecretProviderUnavailableException(
                        "Cache of provider '" + name + "' cannot refresh '" + n.key + "': the refresh executor"
                                + " refused the task (is the provider closed?)",
                        e));
            }
        } else {
            task.run();
        }
        return f;
    }

    private void runLoad(Node n, Snapshot previous, long generation, CompletableFuture<Snapshot> f) {
        Snapshot result = null;
        RuntimeException failure = null;
        Secret changedFrom = null;
        boolean install = true;
        long now = ticker.read();
        Secret old = previous != null ? previous.secret : null;
        try {
            Secret s = null;
            if (probe != null && old != null && old.version() != null) {
                Optional<String> current = probe.currentVersion(n.key, n.scope);
                if (current.isPresent() && current.get().equals(old.version())) {
                    s = old; // unchanged: keep the value, restart its clock
                }
            }
            if (s == null) {
                s = delegate.get(n.key, n.scope);
            }
            recovered();
            Secret last = n.lastSecret;
            if (last != null && changed(last, s)) {
                changedFrom = last;
            }
            result = fresh(s, now);
        } catch (SecretNotFoundException e) {
            failure = e;
            result = negative(now);
        } catch (SecretAccessDeniedException e) {
            failure = e; // never masked: the cached value goes too, and so does the copy kept for
            n.lastSecret = null; // change detection, so a revoked secret does not linger in memory
        } catch (SecretProviderUnavailableException e) {
            if (old != null && ticker.read() - previous.staleUntil < 0) {
                warnOutage(n.key, n.scope, e);
                result = previous.failed(now + RETRY_NANOS);
            } else {
                failure = old != null ? pastMaxStale(n.key, n.scope, e) : e;
                install = old != null; // drop a value past max-stale; keep a negative entry as it was
            }
        } catch (RuntimeException | Error e) {
            failure = e instanceof RuntimeException ? (RuntimeException) e : new CompletionException(e);
            install = false;
        } finally {
            synchronized (n) {
                if (n.inflight == f) {
                    n.inflight = null;
                }
                if (install && n.generation == generation) {
                    setSnapshot(n, result);
                }
            }
        }
        if (changedFrom != null) {
            fireChange(n, changedFrom, result.secret);
        }
        if (failure != null) {
            f.completeExceptionally(failure);
        } else {
            f.complete(result);
        }
    }

    private static Snapshot await(CompletableFuture<Snapshot> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretProviderUnavailableException("Interrupted while waiting for a secret to load", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new CompletionException(c);
        }
    }

    private void install(Node n, long generation, Snapshot s) {
        synchronized (n) {
            if (n.generation == generation) {
                setSnapshot(n, s);
            }
        }
    }

    /** Called with the node's monitor held. */
    private static void setSnapshot(Node n, Snapshot s) {
        n.snapshot = s;
        publish(n, s);
        if (s != null && s.secret != null) {
            n.lastSecret = s.secret;
            n.loadedAt = s.loadedAt;
        }
    }

    /**
     * Copies what a hit needs into two fields of the node, sparing the hot path one dependent load.
     * The value is cleared first and set last; a reader loads the deadline and then the value, so it
     * either sees no value (and takes the slow path) or a value at least as new as the deadline it
     * read. Only fresh, non-failing values are published. Called with the node's monitor held.
     */
    private static void publish(Node n, Snapshot s) {
        n.hitSecret = null;
        if (s != null && s.secret != null && !s.failing) {
            n.hitUntil = s.refreshAt;
            n.hitSecret = s.secret;
        }
    }

    private Snapshot fresh(Secret s, long now) {
        long expires = now + ttlNanos;
        return new Snapshot(s, now, now + refreshAfterNanos, expires, expires + maxStaleNanos, false, 0L);
    }

    private Snapshot negative(long now) {
        if (negativeTtlNanos == 0) {
            return null;
        }
        long expires = now + negativeTtlNanos;
        return new Snapshot(null, now, expires, expires, expires, false, 0L);
    }

    private static boolean changed(Secret before, Secret after) {
        if (before.version() != null && after.version() != null) {
            return !before.version().equals(after.version());
        }
        return !MessageDigest.isEqual(
                before.value().getBytes(StandardCharsets.UTF_8), after.value().getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- nodes and size

    private ConcurrentHashMap<String, Node> map(SecretScope scope) {
        if (scope == SecretScope.DEFAULT) {
            return defaultScope;
        }
        return otherScopes.computeIfAbsent(scope, s -> new ConcurrentHashMap<>());
    }

    private Node node(String key, SecretScope scope) {
        ConcurrentHashMap<String, Node> m = map(scope);
        Node n = m.get(key);
        if (n != null) {
            return n;
        }
        Node created = new Node(key, scope, ticker.read());
        n = m.putIfAbsent(key, created);
        if (n != null) {
            return n;
        }
        if (size.incrementAndGet() > maximumSize) {
            evict();
        }
        return created;
    }

    /** Drops the 10% of entries read longest ago (at least enough to get back under the bound). */
    private void evict() {
        if (!evictionLock.tryLock()) {
            return; // someone else is already evicting
        }
        try {
            long excess = size.get() - maximumSize;
            if (excess <= 0) {
                return;
            }
            long target = Math.max(excess, maximumSize / 10);
            List<Node> all = new ArrayList<>();
            defaultScope.values().forEach(all::add);
            otherScopes.values().forEach(m -> all.addAll(m.values()));
            long now = ticker.read();
            all.sort(Comparator.comparingLong(n -> n.loadedAt - now));
            for (int i = 0; i < all.size() && target > 0; i++) {
                Node n = all.get(i);
                if (map(n.scope).remove(n.key, n)) {
                    size.decrementAndGet();
                    target--;
                }
            }
        } finally {
            evictionLock.unlock();
        }
    }

    // ---------------------------------------------------------------- control

    /**
     * Drops the cached entry of a key in {@link SecretScope#DEFAULT}; see {@link #invalidate(String,
     * SecretScope)}.
     *
     * @param key the key
     */
    public final void invalidate(String key) {
        invalidate(key, SecretScope.DEFAULT);
    }

    /**
     * Drops the cached entry of a key, so the next read asks the backend. A key without {@code #field}
     * also drops the entries of its fields ({@code db} drops {@code db#password}). A reload running at
     * the time is disowned: its result is not cached. {@link #onChange} listeners stay registered and
     * are told if the next read returns a new version.
     *
     * @param key the key
     * @param scope the scope
     * @throws dev.arcanum.secrets.InvalidSecretKeyException if the key is malformed
     */
    public final void invalidate(String key, SecretScope scope) {
        SecretKey parsed = SecretKey.parse(key);
        Objects.requireNonNull(scope, "scope");
        ConcurrentHashMap<String, Node> m = scope == SecretScope.DEFAULT ? defaultScope : otherScopes.get(scope);
        if (m == null) {
            return;
        }
        if (parsed.fieldOrNull() != null) {
            Node n = m.get(key);
            if (n != null) {
                drop(n);
            }
            return;
        }
        String fieldPrefix = key + "#";
        for (Node n : m.values()) {
            if (n.key.equals(key) || n.key.startsWith(fieldPrefix)) {
                drop(n);
            }
        }
    }

    /** Drops every cached entry. */
    public final void invalidateAll() {
        defaultScope.values().forEach(CachingSecretProvider::drop);
        otherScopes.values().forEach(m -> m.values().forEach(CachingSecretProvider::drop));
    }

    private static void drop(Node n) {
        synchronized (n) {
            n.generation++;
            n.snapshot = null;
            n.hitSecret = null;
            n.inflight = null;
        }
    }

    /**
     * {@link #refresh(String, SecretScope)} in {@link SecretScope#DEFAULT}.
     *
     * @param key the key
     * @return the secret after the reload
     */
    public final Secret refresh(String key) {
        return refresh(key, SecretScope.DEFAULT);
    }

    /**
     * Reloads a key now, on the calling thread, whatever its age: asks the {@link VersionProbe} first
     * when the provider has one, reads the value when it changed, caches it and tells {@link
     * #onChange} listeners if the version changed. Joins a reload that is already running instead of
     * starting a second one. The max-stale rules apply as for any reload.
     *
     * @param key the key
     * @param scope the scope
     * @return the secret after the reload
     * @throws SecretNotFoundException if the key no longer exists
     * @throws SecretAccessDeniedException if the backend refuses access
     * @throws SecretProviderUnavailableException if the backend is unavailable and no value within
     *     max-stale is cached
     */
    public final Secret refresh(String key, SecretScope scope) {
        SecretKey.parse(key);
        Objects.requireNonNull(scope, "scope");
        Node n = node(key, scope);
        for (; ; ) {
            CompletableFuture<Snapshot> f = startLoad(n, n.snapshot, false);
            if (f == null) {
                continue;
            }
            Snapshot r = await(f);
            if (r.secret == null) {
                throw notFound(key, scope);
            }
            return r.secret;
        }
    }

    /**
     * {@link #onChange(String, SecretScope, SecretChangeListener)} in {@link SecretScope#DEFAULT}.
     *
     * @param key the key
     * @param listener told of each change
     * @return the subscription; close it to stop listening
     */
    public final Subscription onChange(String key, SecretChangeListener listener) {
        return onChange(key, SecretScope.DEFAULT, listener);
    }

    /**
     * Subscribes to changes of a key: the listener is told, on the executor and once per change, when
     * a reload (background refresh, {@link #refresh}, or the read after an {@link #invalidate} or a
     * write) returns a different version than the cache held before. The listener does not make the
     * cache poll: a key that nobody reads is only refreshed by {@link #refresh}.
     *
     * @param key the key, exactly as it is read (with {@code #field} if it is read so)
     * @param scope the scope
     * @param listener told of each change
     * @return the subscription; close it to stop listening
     * @throws dev.arcanum.secrets.InvalidSecretKeyException if the key is malformed
     */
    public final Subscription onChange(String key, SecretScope scope, SecretChangeListener listener) {
        SecretKey.parse(key);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(listener, "listener");
        ListenerKey lk = new ListenerKey(key, scope);
        changeListeners.computeIfAbsent(lk, k -> new CopyOnWriteArrayList<>()).add(listener);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                changeListeners.computeIfPresent(lk, (k, list) -> {
                    list.remove(listener);
                    return list.isEmpty() ? null : list;
                });
            }
        };
    }

    private void fireChange(Node n, Secret previous, Secret current) {
        CopyOnWriteArrayList<SecretChangeListener> list = changeListeners.get(new ListenerKey(n.key, n.scope));
        if (list == null) {
            return;
        }
        for (SecretChangeListener l : list) {
            try {
                executor.execute(() -> {
                    try {
                        l.onChange(previous, current);
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "A change listener for secret '{}' (scope {}) failed with {}",
                                n.key,
                                n.scope,
                                e.getClass().getName());
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("Change of secret '{}' not delivered: the executor refused the task", n.key);
            }
        }
    }

    /**
     * @return the number of keys held (including remembered not-found keys); for monitoring
     */
    public final long estimatedSize() {
        return size.get();
    }

    // ---------------------------------------------------------------- pass-through

    @Override
    public final Secret getVersion(String key, String version, SecretScope scope) {
        return delegate.getVersion(key, version, scope);
    }

    @Override
    public final SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        return delegate.sign(payload, purpose);
    }

    @Override
    public final boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        return delegate.verify(payload, signature, purpose);
    }

    @Override
    public final SecretProviderHealth healthCheck() {
        return delegate.healthCheck();
    }

    /** Stops background work, drops every cached value and closes the wrapped provider. */
    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (ownedExecutor != null) {
                ownedExecutor.shutdownNow();
            }
            if (acquiredCoarseTicker) {
                CoarseTicker.INSTANCE.release();
            }
            invalidateAll();
            defaultScope.clear();
            otherScopes.clear();
        } finally {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return "CachingSecretProvider{provider=" + name + ", ttl=" + Duration.ofNanos(ttlNanos) + ", size=" + size.get()
                + "}";
    }

    // ---------------------------------------------------------------- errors and logs

    private SecretNotFoundException notFound(String key, SecretScope scope) {
        return new SecretNotFoundException(
                "Secret '" + key + "' not found in scope '" + scope + "' of provider '" + name + "'");
    }

    private SecretProviderUnavailableException pastMaxStale(
            String key, SecretScope scope, SecretProviderUnavailableException cause) {
        return new SecretProviderUnavailableException(
                "Secret '" + key + "' (scope '" + scope + "'): provider '" + name + "' is unavailable and the"
                        + " last good value is older than the max-stale bound of " + maxStale
                        + " (secrets.cache.max-stale): " + cause.getMessage(),
                cause);
    }

    private void warnOutage(String key, SecretScope scope, SecretProviderUnavailableException e) {
        if (outageWarned.compareAndSet(false, true)) {
            LOG.warn(
                    "Provider '{}' is unavailable ({}); serving the last good value of '{}' (scope '{}') and of"
                            + " other keys for up to {} past their TTL (secrets.cache.max-stale). Further failures"
                            + " are logged at DEBUG until it recovers.",
                    name,
                    e.getMessage(),
                    key,
                    scope,
                    maxStale);
        } else {
            LOG.debug("Provider '{}' still unavailable; '{}' (scope '{}') served from cache", name, key, scope);
        }
    }

    private void logStale(String key, SecretScope scope) {
        LOG.debug("Serving '{}' (scope '{}') of provider '{}' past its TTL during an outage", key, scope, name);
    }

    private void recovered() {
        if (outageWarned.get() && outageWarned.compareAndSet(true, false)) {
            LOG.info("Provider '{}' is reachable again", name);
        }
    }

    private void emit(String key, SecretScope scope, SecretAccessEvent.Outcome outcome, long start, boolean hit) {
        try {
            listener.onAccess(SecretAccessEvent.of(
                    key == null ? "null" : key,
                    scope == null ? SecretScope.DEFAULT : scope,
                    name,
                    outcome,
                    System.nanoTime() - start,
                    hit));
        } catch (RuntimeException e) {
            if (listenerFailureWarned.compareAndSet(false, true)) {
                LOG.warn(
                        "The secret access listener failed with {}; reads go on",
                        e.getClass().getName());
            }
        }
    }

    // ---------------------------------------------------------------- state

    /** One key of one scope. Its snapshot is replaced whole, so a hit needs no lock. */
    static final class Node {
        final String key;
        final SecretScope scope;
        volatile Snapshot snapshot;
        // What a hit needs, published from the snapshot (see publish()).
        volatile long hitUntil;
        volatile Secret hitSecret;
        // The last value this cache held, kept across invalidation to tell whether a reload changed it.
        volatile Secret lastSecret;
        volatile long loadedAt;
        // Guarded by this node's monitor.
        CompletableFuture<Snapshot> inflight;
        long generation;

        Node(String key, SecretScope scope, long createdAt) {
            this.key = key;
            this.scope = scope;
            this.loadedAt = createdAt;
        }
    }

    /** An immutable view of an entry: the value (null for a remembered not-found) and its deadlines. */
    static final class Snapshot {
        final Secret secret;
        final long loadedAt;
        final long refreshAt;
        final long expiresAt;
        final long staleUntil;
        final boolean failing;
        final long retryAt;

        Snapshot(
                Secret secret,
                long loadedAt,
                long refreshAt,
                long expiresAt,
                long staleUntil,
                boolean failing,
                long retryAt) {
            this.secret = secret;
            this.loadedAt = loadedAt;
            this.refreshAt = refreshAt;
            this.expiresAt = expiresAt;
            this.staleUntil = staleUntil;
            this.failing = failing;
            this.retryAt = retryAt;
        }

        /** The same value and deadlines, marked as failing, retried no sooner than {@code retryAt}. */
        Snapshot failed(long nextRetry) {
            // The refresh point moves no later than now, so hits fall through to the slow path that
            // knows about max-stale.
            return new Snapshot(
                    secret, loadedAt, Math.min(refreshAt, expiresAt), expiresAt, staleUntil, true, nextRetry);
        }
    }

    private record ListenerKey(String key, SecretScope scope) {}

    private static final class ReadTrace {
        boolean hit;
        boolean stale;
    }

    private static final class RefreshThreads implements ThreadFactory {
        private final String provider;
        private final AtomicInteger count = new AtomicInteger();

        RefreshThreads(String provider) {
            this.provider = provider;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "arcanum-secrets-refresh-" + provider + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    // ---------------------------------------------------------------- builder

    /**
     * Builds a {@link CachingSecretProvider}. Each method may be called once; cross-field rules are
     * checked by {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private final SecretProvider delegate;
        private Duration ttl = Duration.ofMinutes(5);
        private double refreshAheadFraction = 0.8;
        private Duration refreshAheadLead;
        private Duration maxStale = Duration.ofHours(1);
        private Duration negativeTtl = Duration.ofSeconds(5);
        private long maximumSize = 10_000;
        private Ticker ticker;
        private Executor executor;
        private SecretAccessListener accessListener;
        private final Set<String> set = new java.util.HashSet<>();

        private Builder(SecretProvider delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        private void once(String what) {
            if (!set.add(what)) {
                throw new IllegalStateException(what + " was already set");
            }
        }

        /**
         * @param ttl how long a value is served from memory; positive
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            once("ttl");
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /**
         * @param fraction the point in the TTL, from 0 (exclusive) to 1 (inclusive), after which a read
         *     starts a background reload; 1 means no refresh ahead (the entry is reloaded when it
         *     expires)
         * @return this builder
         */
        public Builder refreshAhead(double fraction) {
            once("refreshAhead");
            this.refreshAheadFraction = fraction;
            return this;
        }

        /**
         * @param leadTime how long before expiry a read starts a background reload; shorter than the TTL
         * @return this builder
         */
        public Builder refreshAhead(Duration leadTime) {
            once("refreshAhead");
            this.refreshAheadLead = Objects.requireNonNull(leadTime, "leadTime");
            return this;
        }

        /**
         * @param maxStale how long past its TTL the last good value is served while the backend is
         *     unavailable; zero to never serve past the TTL
         * @return this builder
         */
        public Builder maxStale(Duration maxStale) {
            once("maxStale");
            this.maxStale = Objects.requireNonNull(maxStale, "maxStale");
            return this;
        }

        /**
         * @param negativeTtl how long a not-found answer is remembered; zero to ask every time
         * @return this builder
         */
        public Builder negativeTtl(Duration negativeTtl) {
            once("negativeTtl");
            this.negativeTtl = Objects.requireNonNull(negativeTtl, "negativeTtl");
            return this;
        }

        /**
         * @param maximumSize how many keys are held at most; positive
         * @return this builder
         */
        public Builder maximumSize(long maximumSize) {
            once("maximumSize");
            this.maximumSize = maximumSize;
            return this;
        }

        /**
         * @param ticker the time source; default {@link Ticker#coarse()}
         * @return this builder
         */
        public Builder ticker(Ticker ticker) {
            once("ticker");
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * @param executor runs background reloads and change notifications; not shut down by the cache.
         *     Default: a private pool of two daemon threads, shut down on close
         * @return this builder
         */
        public Builder executor(Executor executor) {
            once("executor");
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param listener told of every read; default none (reads then do no extra work)
         * @return this builder
         */
        public Builder accessListener(SecretAccessListener listener) {
            once("accessListener");
            this.accessListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @return the cache; a {@link SecretStore} too when the wrapped provider is one
         * @throws IllegalArgumentException if a value is out of range, naming it
         */
        public CachingSecretProvider build() {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException(
                        "ttl must be positive, was " + ttl + " (a TTL of 0 means no cache: do not wrap the provider)");
            }
            if (!(refreshAheadFraction > 0 && refreshAheadFraction <= 1)) {
                throw new IllegalArgumentException(
                        "refreshAhead must be a fraction of the TTL above 0 and at most 1, was "
                                + refreshAheadFraction);
            }
            if (refreshAheadLead != null && (refreshAheadLead.isNegative() || refreshAheadLead.compareTo(ttl) >= 0)) {
                throw new IllegalArgumentException(
                        "refreshAhead lead time must be at least 0 and shorter than the ttl (" + ttl + "), was "
                                + refreshAheadLead);
            }
            if (maxStale.isNegative()) {
                throw new IllegalArgumentException("maxStale must not be negative, was " + maxStale);
            }
            if (negativeTtl.isNegative()) {
                throw new IllegalArgumentException("negativeTtl must not be negative, was " + negativeTtl);
            }
            if (maximumSize < 1) {
                throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
            }
            return delegate instanceof SecretStore ? new CachingSecretStore(this) : new CachingSecretProvider(this);
        }
    }
}
