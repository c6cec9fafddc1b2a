package dev.arcanum.secrets.vault.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stateful protocol fake of the HashiCorp Vault HTTP API, served by WireMock on a random loopback
 * port. It keeps real state (KV versions, check-and-set, soft delete, tokens with TTLs, Transit key
 * versions) and answers with the paths, status codes and bodies of the official documentation:
 *
 * <ul>
 *   <li>Common rules, envelope, error shape {@code {"errors":[…]}}, namespaces, {@code LIST} and
 *       {@code GET ?list=true}: https://developer.hashicorp.com/vault/api-docs (source
 *       hashicorp/vault {@code website/content/api-docs/index.mdx}, {@code sdk/logical/response_util.go},
 *       {@code sdk/logical/translate_response.go}).
 *   <li>KV v2 ({@code data/}, {@code metadata/}, {@code delete/}, {@code undelete/}, {@code destroy/},
 *       {@code options.cas}, the 404 carrying {@code data.metadata} for a deleted or destroyed
 *       version): https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2 and
 *       hashicorp/vault-plugin-secrets-kv {@code path_data.go}, {@code path_metadata.go}.
 *   <li>KV v1: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v1 .
 *   <li>Transit {@code hmac}, {@code sign}, {@code verify} (HMAC-SHA256 and Ed25519 computed for real,
 *       {@code vault:v<N>:} prefixes): https://developer.hashicorp.com/vault/api-docs/secret/transit
 *       and hashicorp/vault {@code builtin/logical/transit/path_hmac.go}, {@code path_sign_verify.go}.
 *   <li>{@code sys/health} with its default status codes (200, 429, 472, 473, 474, 501, 503, 530):
 *       https://developer.hashicorp.com/vault/api-docs/system/health and {@code http/sys_health.go}.
 *   <li>AppRole login: https://developer.hashicorp.com/vault/api-docs/auth/approle ; Kubernetes
 *       login: https://developer.hashicorp.com/vault/api-docs/auth/kubernetes ; token {@code
 *       lookup-self} and {@code renew-self}: https://developer.hashicorp.com/vault/api-docs/auth/token .
 *   <li>HCP Vault namespaces: with a namespace configured, a request without the matching {@code
 *       X-Vault-Namespace} header (or namespace path prefix) fails with 403 {@code permission
 *       denied}, as HCP Vault Dedicated does (https://developer.hashicorp.com/hcp/docs/vault ,
 *       HashiCorp support article 4404774721171).
 * </ul>
 *
 * <p>Faults are added by tests as ordinary WireMock stubs on {@link #server()} at a priority above
 * {@link #FAKE_PRIORITY}; unmatched requests fall through to the stateful fake. Time is the fake's
 * own ({@link #clock()}, {@link #advance}), so token expiry needs no sleeping.
 *
 * <p>Thread-safe: every request is handled under one lock.
 */
public final class VaultFake implements AutoCloseable {
    /** Priority of the catch-all stub; fault stubs use a smaller number (higher priority). */
    public static final int FAKE_PRIORITY = 100;

    private static final String TRANSFORMER = "vault-protocol-fake";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern PREFIXED = Pattern.compile("vault:v(\\d+):(.*)", Pattern.DOTALL);

    /** Node states of {@code sys/health}, with their default status codes. */
    public enum HealthState {
        ACTIVE(200),
        STANDBY(429),
        DR_SECONDARY(472),
        PERFORMANCE_STANDBY(473),
        STANDBY_NO_HEARTBEAT(474),
        UNINITIALIZED(501),
        SEALED(503),
        REMOVED(530);

        final int status;

        HealthState(int status) {
            this.status = status;
        }
    }

    /** Start options; mutable, fluent. */
    public static final class Options {
        String rootToken = "hvs.root-" + UUID.randomUUID();
        String namespace;
        final Set<String> kvV2Mounts = new TreeSet<>(Set.of("secret"));
        final Set<String> kvV1Mounts = new TreeSet<>(Set.of("kv"));
        String transitMount = "transit";
        String appRoleMount = "approle";
        String roleId;
        String secretId;
        String kubernetesMount = "kubernetes";
        String kubernetesRole;
        String kubernetesJwt;
        Duration loginTtl = Duration.ofHours(1);
        int port;

        /** @return defaults: KV v2 at {@code secret}, KV v1 at {@code kv}, Transit at {@code transit} */
        public static Options defaults() {
            return new Options();
        }

        /** @param token the root token (default: a random {@code hvs.root-…}) @return these options */
        public Options rootToken(String token) {
            this.rootToken = token;
            return this;
        }

        /** HCP mode: every request outside sys/health needs this namespace. */
        public Options namespace(String ns) {
            this.namespace = ns;
            return this;
        }

        /** @param mount another KV v2 mount (besides {@code secret}) @return these options */
        public Options kvV2Mount(String mount) {
            kvV2Mounts.add(mount);
            return this;
        }

        /** @param mount another KV v1 mount (besides {@code kv}) @return these options */
        public Options kvV1Mount(String mount) {
            kvV1Mounts.add(mount);
            return this;
        }

        /**
         * Enables AppRole login at {@code auth/approle/login}.
         *
         * @param roleId the accepted role_id
         * @param secretId the accepted secret_id
         * @return these options
         */
        public Options appRole(String roleId, String secretId) {
            this.roleId = roleId;
            this.secretId = secretId;
            return this;
        }

        /**
         * Enables Kubernetes login at {@code auth/kubernetes/login}.
         *
         * @param role the accepted role
         * @param jwt the accepted service-account JWT
         * @return these options
         */
        public Options kubernetes(String role, String jwt) {
            this.kubernetesRole = role;
            this.kubernetesJwt = jwt;
            return this;
        }

        /** TTL of tokens issued by logins (and of renewals). */
        public Options loginTtl(Duration ttl) {
            this.loginTtl = ttl;
            return this;
        }

        /** A fixed port (0, the default, picks a free one). */
        public Options port(int port) {
            this.port = port;
            return this;
        }
    }

    /** One request as the fake saw it (method, path, query); headers are not kept, the token is one. */
    public record RecordedRequest(String method, String path, String query, boolean hadToken, String namespace) {
        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    private static final class Token {
        final String id;
        final String accessor = UUID.randomUUID().toString();
        final String path;
        final Instant created;
        Instant expireAt; // null: never
        final Duration ttl;
        final boolean renewable;
        final Map<String, String> meta;

        Token(String id, String path, Instant created, Duration ttl, boolean renewable, Map<String, String> meta) {
            this.id = id;
            this.path = path;
            this.created = created;
            this.ttl = ttl;
            this.expireAt = ttl == null ? null : created.plus(ttl);
            this.renewable = renewable;
            this.meta = meta;
        }
    }

    private static final class KvVersion {
        final Map<String, Object> data;
        final Instant created;
        Instant deletionTime;
        boolean destroyed;

        KvVersion(Map<String, Object> data, Instant created) {
            this.data = data;
            this.created = created;
        }
    }

    private static final class KvEntry {
        final TreeMap<Integer, KvVersion> versions = new TreeMap<>();
        int current;
        Instant created;
        Instant updated;
    }

    private static final class TransitKey {
        final String type;
        final List<byte[]> hmacKeys = new ArrayList<>();
        final List<KeyPair> signingKeys = new ArrayList<>();

        TransitKey(String type) {
            this.type = type;
            rotate();
        }

        void rotate() {
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            hmacKeys.add(k);
            if (type.equals("ed25519")) {
                try {
                    signingKeys.add(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        }

        int latest() {
            return hmacKeys.size();
        }
    }

    private final Options options;
    private final WireMockServer server;
    private final Object lock = new Object();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, Map<String, KvEntry>> kv2 = new HashMap<>();
    private final Map<String, Map<String, Map<String, Object>>> kv1 = new HashMap<>();
    private final Map<String, TransitKey> transitKeys = new HashMap<>();
    private final Set<String> deniedPrefixes = new TreeSet<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private HealthState health = HealthState.ACTIVE;
    private boolean refuseRenewal;

    private VaultFake(Options options) {
        this.options = options;
        options.kvV2Mounts.forEach(m -> kv2.put(m, new TreeMap<>()));
        options.kvV1Mounts.forEach(m -> kv1.put(m, new TreeMap<>()));
        tokens.put(options.rootToken, new Token(options.rootToken, "auth/token/root", now, null, false, Map.of()));
        this.server = new WireMockServer(
                options().bindAddress("127.0.0.1").port(options.port).extensions(new Transformer(), new InFlight()));
    }

    /**
     * Starts a fake on a loopback port.
     *
     * @param options the options
     * @return the running fake; close it when done
     */
    public static VaultFake start(Options options) {
        VaultFake fake = new VaultFake(options);
        fake.server.start();
        fake.server.stubFor(any(urlMatching("/v1/.*"))
                .atPriority(FAKE_PRIORITY)
                .willReturn(aResponse().withTransformers(TRANSFORMER)));
        return fake;
    }

    /** @return {@code http://127.0.0.1:<port>}, the value for {@code VAULT_ADDR} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** @return the root token (never expires) */
    public String rootToken() {
        return options.rootToken;
    }

    /** @return the WireMock server, to add fault stubs above {@link #FAKE_PRIORITY} */
    public WireMockServer server() {
        return server;
    }

    /**
     * @return every request WireMock received so far (fault stubs included), oldest first
     */
    public List<RecordedRequest> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events); // WireMock lists the newest first
        List<RecordedRequest> out = new ArrayList<>();
        for (ServeEvent e : events) {
            Request r = e.getRequest();
            String url = r.getUrl();
            int q = url.indexOf('?');
            out.add(new RecordedRequest(
                    r.getMethod().getName().toUpperCase(Locale.ROOT),
                    q < 0 ? url : url.substring(0, q),
                    q < 0 ? null : url.substring(q + 1),
                    tokenOf(r) != null,
                    r.getHeader("X-Vault-Namespace")));
        }
        return out;
    }

    /**
     * @param method HTTP method
     * @param path the path, for example {@code /v1/secret/data/app/db}
     * @return how many requests had this method and path (query ignored), fault stubs included
     */
    public long count(String method, String path) {
        return requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .count();
    }

    /** Forgets the request log and the in-flight high-water mark. */
    public void resetRequests() {
        server.resetRequests();
        maxInFlight.set(inFlight.get());
    }

    /** @return the most requests the fake was serving at one moment since start or the last reset */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /**
     * Delays the fake's answers for matching paths (the state changes at once; the answer waits).
     *
     * @param pathRegex a regex over the path, for example {@code /v1/secret/data/bulk/.*}
     * @param delay how long each answer waits
     */
    public void delay(String pathRegex, Duration delay) {
        server.stubFor(any(urlPathMatching(pathRegex))
                .atPriority(FAKE_PRIORITY - 1)
                .willReturn(aResponse().withFixedDelay((int) delay.toMillis()).withTransformers(TRANSFORMER)));
    }

    /** @return the fake's clock (tokens expire by it) */
    public Clock clock() {
        return new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                synchronized (lock) {
                    return now;
                }
            }
        };
    }

    /** Moves the fake's time forward. */
    public void advance(Duration d) {
        synchronized (lock) {
            now = now.plus(d);
        }
    }

    /** Sets the node state {@code sys/health} reports; sealed and uninitialized also refuse every other call. */
    public void health(HealthState state) {
        synchronized (lock) {
            health = state;
        }
    }

    /** Makes {@code renew-self} answer 400 ({@code lease is not renewable}) or work again. */
    public void refuseRenewal(boolean refuse) {
        synchronized (lock) {
            refuseRenewal = refuse;
        }
    }

    /** Denies every token access to paths starting with the prefix (policy), e.g. {@code secret/data/locked}. */
    public void deny(String pathPrefix) {
        synchronized (lock) {
            deniedPrefixes.add(pathPrefix);
        }
    }

    /**
     * Issues a token, as {@code auth/token/create} would.
     *
     * @param ttl time to live, or null for none
     * @param renewable whether renew-self may extend it
     * @return the token
     */
    public String issueToken(Duration ttl, boolean renewable) {
        synchronized (lock) {
            String id = "hvs." + UUID.randomUUID().toString().replace("-", "");
            tokens.put(id, new Token(id, "auth/token/create", now, ttl, renewable, Map.of()));
            return id;
        }
    }

    /** Revokes a token: its next use is 403. */
    public void revoke(String token) {
        synchronized (lock) {
            tokens.remove(token);
        }
    }

    /** @return how many tokens logins have issued so far (root excluded) */
    public int loginCount() {
        synchronized (lock) {
            return (int) tokens.values().stream()
                    .filter(t -> t.path.endsWith("/login"))
                    .count();
        }
    }

    /** @return every token the fake knows (root, issued, logged in), for leak detectors to watch */
    public List<String> issuedTokens() {
        synchronized (lock) {
            return List.copyOf(tokens.keySet());
        }
    }

    /** Creates a Transit key: {@code aes256-gcm96} (HMAC only) or {@code ed25519} (sign and HMAC). */
    public void createTransitKey(String name, String type) {
        synchronized (lock) {
            transitKeys.put(name, new TransitKey(type));
        }
    }

    /** Rotates a Transit key: new signatures carry the next version. */
    public void rotateTransitKey(String name) {
        synchronized (lock) {
            transitKeys.get(name).rotate();
        }
    }

    /** Writes a KV v2 version directly (test seeding), as a POST to {@code data/} would. */
    public void putKv2(String mount, String path, Map<String, ?> data) {
        synchronized (lock) {
            writeKv2(kv2.get(mount), path, new LinkedHashMap<>(data));
        }
    }

    /** Writes a KV v1 entry directly (test seeding). */
    public void putKv1(String mount, String path, Map<String, ?> data) {
        synchronized (lock) {
            kv1.get(mount).put(path, new LinkedHashMap<>(data));
        }
    }

    /** @return the current fields of a KV v2 entry, or null (for assertions) */
    public Map<String, Object> kv2Data(String mount, String path) {
        synchronized (lock) {
            KvEntry e = kv2.get(mount).get(path);
            return e == null ? null : e.versions.get(e.current).data;
        }
    }

    /** Destroys a KV v2 version, as {@code POST destroy/} would. */
    public void destroyKv2(String mount, String path, int version) {
        synchronized (lock) {
            kv2.get(mount).get(path).versions.get(version).destroyed = true;
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * Runs a fake from the command line for demos: {@code VaultFake [port] [path#field=value …]}.
     * Prints {@code VAULT_ADDR} and {@code VAULT_TOKEN} and serves until killed.
     *
     * @param args optional port (default 8200) and KV v2 seeds under mount {@code secret}
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        Options o = Options.defaults().port(8200);
        List<String> seeds = new ArrayList<>();
        for (String a : args) {
            if (a.matches("\\d+")) {
                o.port(Integer.parseInt(a));
            } else {
                seeds.add(a);
            }
        }
        VaultFake fake = start(o);
        for (String s : seeds) {
            Matcher m = Pattern.compile("([^#=]+)#([^=]+)=(.*)").matcher(s);
            if (!m.matches()) {
                System.err.println("ignored a seed that is not path#field=value");
                continue;
            }
            Map<String, Object> current = fake.kv2Data("secret", m.group(1));
            Map<String, Object> data = current == null ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
            data.put(m.group(2), m.group(3));
            fake.putKv2("secret", m.group(1), data);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        System.out.println("VAULT_ADDR=" + fake.baseUrl());
        System.out.println("VAULT_TOKEN=" + fake.rootToken());
        Thread.currentThread().join();
    }

    // ======================================================================= protocol

    /** Counts requests between arrival and the end of their response. */
    private final class InFlight implements ServeEventListener {
        @Override
        public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        }

        @Override
        public void afterComplete(ServeEvent serveEvent, Parameters parameters) {
            inFlight.decrementAndGet();
        }

        @Override
        public String getName() {
            return "vault-fake-in-flight";
        }
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            ResponseDefinition out;
            synchronized (lock) {
                out = handle(serveEvent.getRequest());
            }
            // A stub made by delay(...) keeps its delay; the state is changed before the wait.
            Integer delay = serveEvent.getResponseDefinition().getFixedDelayMilliseconds();
            return delay == null
                    ? out
                    : ResponseDefinitionBuilder.like(out).withFixedDelay(delay).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return TRANSFORMER;
        }
    }

    private ResponseDefinition handle(Request req) {
        String url = req.getUrl();
        int q = url.indexOf('?');
        String rawPath = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? null : url.substring(q + 1);
        String method = req.getMethod().getName().toUpperCase(Locale.ROOT);
        String token = tokenOf(req);
        String nsHeader = req.getHeader("X-Vault-Namespace");

        String path = URLDecoder.decode(rawPath.substring("/v1/".length()), StandardCharsets.UTF_8);
        boolean list = method.equals("LIST") || (method.equals("GET") && "true".equals(param(query, "list")));

        if (path.equals("sys/health")) {
            return health(method, query);
        }
        if (options.namespace != null) {
            String want = strip(options.namespace);
            if (nsHeader != null && strip(nsHeader).equals(want)) {
                // resolved through the header
            } else if (path.startsWith(want + "/")) {
                path = path.substring(want.length() + 1);
            } else {
                return errors(403, "permission denied");
            }
        }
        if (health == HealthState.SEALED || health == HealthState.UNINITIALIZED) {
            return errors(503, "Vault is sealed");
        }
        JsonNode body = parseBody(req);
        if (body == null) {
            return errors(400, "failed to parse JSON input: invalid character");
        }
        if (path.equals("auth/" + options.appRoleMount + "/login") && isWrite(method)) {
            return appRoleLogin(body);
        }
        if (path.equals("auth/" + options.kubernetesMount + "/login") && isWrite(method)) {
            return kubernetesLogin(body);
        }
        Token t = token == null ? null : tokens.get(token);
        if (t == null || (t.expireAt != null && !now.isBefore(t.expireAt))) {
            return errors(403, "permission denied");
        }
        for (String denied : deniedPrefixes) {
            if (path.startsWith(denied)) {
                return errors(403, "permission denied");
            }
        }
        if (path.equals("auth/token/lookup-self") && method.equals("GET")) {
            return lookupSelf(t);
        }
        if (path.equals("auth/token/renew-self") && isWrite(method)) {
            return renewSelf(t);
        }
        String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        String rest = path.contains("/") ? path.substring(path.indexOf('/') + 1) : "";
        if (first.equals(options.transitMount)) {
            return transit(method, rest, body);
        }
        if (kv2.containsKey(first)) {
            return kvV2(kv2.get(first), method, rest, query, list, body);
        }
        if (kv1.containsKey(first)) {
            return kvV1(kv1.get(first), method, rest, list, body);
        }
        return errors(404, "no handler for route \"" + path + "\". route entry not found.");
    }

    private static boolean isWrite(String method) {
        return method.equals("POST") || method.equals("PUT");
    }

    private static String tokenOf(Request req) {
        String t = req.getHeader("X-Vault-Token");
        if (t != null && !t.isBlank()) {
            return t.trim();
        }
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    private static String strip(String ns) {
        String s = ns.trim();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            String k = eq < 0 ? p : p.substring(0, eq);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static JsonNode parseBody(Request req) {
        byte[] b = req.getBody();
        if (b == null || b.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(b);
            return n == null ? JSON.createObjectNode() : n;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    // ----------------------------------------------------------------------- responses

    private static ResponseDefinition json(int status, JsonNode body) {
        try {
            return aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseDefinition noContent() {
        return aResponse().withStatus(204).build();
    }

    private static ResponseDefinition errors(int status, String... messages) {
        ObjectNode b = JSON.createObjectNode();
        ArrayNode a = b.putArray("errors");
        for (String m : messages) {
            a.add(m);
        }
        return json(status, b);
    }

    /** The full logical-response envelope ({@code HTTPResponse} in translate_response.go). */
    private static ObjectNode envelope(JsonNode data, JsonNode auth, long leaseDuration) {
        ObjectNode b = JSON.createObjectNode();
        b.put("request_id", UUID.randomUUID().toString());
        b.put("lease_id", "");
        b.put("renewable", false);
        b.put("lease_duration", leaseDuration);
        b.set("data", data == null ? JSON.nullNode() : data);
        b.putNull("wrap_info");
        b.putNull("warnings");
        b.set("auth", auth == null ? JSON.nullNode() : auth);
        return b;
    }

    // ----------------------------------------------------------------------- sys/health

    private ResponseDefinition health(String method, String query) {
        int status = health.status;
        if (health == HealthState.STANDBY && "true".equals(param(query, "standbyok"))) {
            status = 200;
        }
        if (health == HealthState.PERFORMANCE_STANDBY && "true".equals(param(query, "perfstandbyok"))) {
            status = 200;
        }
        if (method.equals("HEAD")) {
            return aResponse().withStatus(status).build();
        }
        ObjectNode b = JSON.createObjectNode();
        boolean sealed = health == HealthState.SEALED || health == HealthState.UNINITIALIZED;
        b.put("initialized", health != HealthState.UNINITIALIZED);
        b.put("sealed", sealed);
        b.put(
                "standby",
                health == HealthState.STANDBY
                        || health == HealthState.PERFORMANCE_STANDBY
                        || health == HealthState.STANDBY_NO_HEARTBEAT);
        b.put("performance_standby", health == HealthState.PERFORMANCE_STANDBY);
        b.put("replication_performance_mode", "disabled");
        b.put("replication_dr_mode", health == HealthState.DR_SECONDARY ? "secondary" : "disabled");
        b.put("server_time_utc", now.getEpochSecond());
        b.put("version", "1.19.0");
        b.put("enterprise", options.namespace != null);
        if (!sealed) {
            // Only filled in when unsealed (http/sys_health.go).
            b.put("cluster_name", "vault-cluster-fake");
            b.put("cluster_id", "00af5aa8-c87d-b5fc-e82e-97cd8dfaf731");
        }
        b.put("echo_duration_ms", 0);
        b.put("clock_skew_ms", 0);
        b.put("replication_primary_canary_age_ms", 0);
        if (health == HealthState.REMOVED) {
            b.put("removed_from_cluster", true);
        }
        return json(status, b);
    }

    // ----------------------------------------------------------------------- auth

    private ObjectNode authBlock(Token t, List<String> policies) {
        ObjectNode a = JSON.createObjectNode();
        a.put("client_token", t.id);
        a.put("accessor", t.accessor);
        ArrayNode p = a.putArray("policies");
        policies.forEach(p::add);
        ArrayNode tp = a.putArray("token_policies");
        policies.forEach(tp::add);
        ObjectNode meta = a.putObject("metadata");
        t.meta.forEach(meta::put);
        a.put("lease_duration", t.ttl == null ? 0 : remaining(t));
        a.put("renewable", t.renewable);
        a.put("entity_id", "");
        a.put("token_type", "service");
        a.put("orphan", true);
        return a;
    }

    private long remaining(Token t) {
        return t.expireAt == null
                ? 0
                : Math.max(0, Duration.between(now, t.expireAt).toSeconds());
    }

    private ResponseDefinition login(String path, Map<String, String> meta) {
        String id = "hvs." + UUID.randomUUID().toString().replace("-", "");
        Token t = new Token(id, path, now, options.loginTtl, true, meta);
        tokens.put(id, t);
        return json(200, envelope(null, authBlock(t, List.of("default", "app")), 0));
    }

    private ResponseDefinition appRoleLogin(JsonNode body) {
        String roleId = body.path("role_id").asText("");
        if (roleId.isEmpty()) {
            return errors(400, "missing role_id");
        }
        if (options.roleId == null
                || !roleId.equals(options.roleId)
                || !body.path("secret_id").asText("").equals(options.secretId)) {
            return errors(400, "invalid role or secret ID");
        }
        return login("auth/" + options.appRoleMount + "/login", Map.of("role_name", "my-role"));
    }

    private ResponseDefinition kubernetesLogin(JsonNode body) {
        String role = body.path("role").asText("");
        if (role.isEmpty()) {
            return errors(400, "missing role");
        }
        if (body.path("jwt").asText("").isEmpty()) {
            return errors(400, "missing jwt");
        }
        if (!role.equals(options.kubernetesRole)) {
            return errors(400, "invalid role name \"" + role + "\"");
        }
        if (!body.path("jwt").asText().equals(options.kubernetesJwt)) {
            return errors(403, "permission denied");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("role", role);
        meta.put("service_account_name", "app");
        meta.put("service_account_namespace", "default");
        meta.put("service_account_secret_name", "");
        meta.put("service_account_uid", "a1b2c3d4-0000-0000-0000-000000000000");
        return login("auth/" + options.kubernetesMount + "/login", meta);
    }

    private ResponseDefinition lookupSelf(Token t) {
        ObjectNode d = JSON.createObjectNode();
        d.put("accessor", t.accessor);
        d.put("creation_time", t.created.getEpochSecond());
        d.put("creation_ttl", t.ttl == null ? 0 : t.ttl.toSeconds());
        d.put("display_name", t.path.startsWith("auth/token") ? "token" : t.path.split("/")[1]);
        d.put("entity_id", "");
        if (t.expireAt == null) {
            d.putNull("expire_time");
        } else {
            d.put("expire_time", t.expireAt.toString());
        }
        d.put("explicit_max_ttl", 0);
        d.put("id", t.id);
        d.put("issue_time", t.created.toString());
        ObjectNode meta = d.putObject("meta");
        t.meta.forEach(meta::put);
        d.put("num_uses", 0);
        d.put("orphan", true);
        d.put("path", t.path);
        d.putArray("policies").add(t.path.equals("auth/token/root") ? "root" : "default");
        d.put("renewable", t.renewable);
        d.put("ttl", remaining(t));
        return json(200, envelope(d, null, 0));
    }

    private ResponseDefinition renewSelf(Token t) {
        if (!t.renewable || refuseRenewal) {
            return errors(400, "lease is not renewable");
        }
        t.expireAt = now.plus(t.ttl);
        return json(200, envelope(null, authBlock(t, List.of("default", "app")), 0));
    }

    // ----------------------------------------------------------------------- KV v2

    private KvVersion writeKv2(Map<String, KvEntry> store, String path, Map<String, Object> data) {
        KvEntry e = store.computeIfAbsent(path, p -> {
            KvEntry n = new KvEntry();
            n.created = now;
            return n;
        });
        e.current++;
        KvVersion v = new KvVersion(data, now);
        e.versions.put(e.current, v);
        e.updated = now;
        return v;
    }

    private static ObjectNode versionMetadata(KvVersion v, int version) {
        ObjectNode m = JSON.createObjectNode();
        m.put("created_time", v.created.toString());
        m.putNull("custom_metadata");
        m.put("deletion_time", v.deletionTime == null ? "" : v.deletionTime.toString());
        m.put("destroyed", v.destroyed);
        m.put("version", version);
        return m;
    }

    private boolean deleted(KvVersion v) {
        return v.destroyed || (v.deletionTime != null && !now.isBefore(v.deletionTime));
    }

    private ResponseDefinition kvV2(
            Map<String, KvEntry> store, String method, String rest, String query, boolean list, JsonNode body) {
        int slash = rest.indexOf('/');
        String op = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        switch (op) {
            case "data":
                if (method.equals("GET")) {
                    return kv2Read(store, path, query);
                }
                if (isWrite(method)) {
                    return kv2Write(store, path, body);
                }
                if (method.equals("DELETE")) {
                    KvEntry e = store.get(path);
                    if (e != null) {
                        KvVersion v = e.versions.get(e.current);
                        if (v.deletionTime == null) {
                            v.deletionTime = now;
                        }
                    }
                    return noContent();
                }
                break;
            case "delete":
            case "undelete":
            case "destroy":
                if (isWrite(method)) {
                    KvEntry e = store.get(path);
                    JsonNode versions = body.get("versions");
                    if (versions == null || !versions.isArray() || versions.isEmpty()) {
                        return errors(400, "no version number provided");
                    }
                    if (e != null) {
                        for (JsonNode n : versions) {
                            KvVersion v = e.versions.get(n.asInt());
                            if (v == null) {
                                continue;
                            }
                            if (op.equals("delete") && v.deletionTime == null) {
                                v.deletionTime = now;
                            } else if (op.equals("undelete") && !v.destroyed) {
                                v.deletionTime = null;
                            } else if (op.equals("destroy")) {
                                v.destroyed = true;
                            }
                        }
                    }
                    return noContent();
                }
                break;
            case "metadata":
                if (list) {
                    return listKeys(store.keySet(), path);
                }
                if (method.equals("GET")) {
                    return kv2Metadata(store.get(path));
                }
                if (method.equals("DELETE")) {
                    store.remove(path);
                    return noContent();
                }
                break;
            default:
        }
        return errors(405, "unsupported operation");
    }

    private ResponseDefinition kv2Read(Map<String, KvEntry> store, String path, String query) {
        KvEntry e = store.get(path);
        if (e == null) {
            return errors(404);
        }
        int version = e.current;
        String vp = param(query, "version");
        if (vp != null && !vp.isEmpty()) {
            try {
                int n = Integer.parseInt(vp);
                version = n == 0 ? e.current : n;
            } catch (NumberFormatException ex) {
                return errors(400, "error parsing version: " + vp);
            }
        }
        KvVersion v = e.versions.get(version);
        if (v == null) {
            return errors(404);
        }
        ObjectNode data = JSON.createObjectNode();
        if (deleted(v)) {
            // logical.RespondWithStatusCode(resp, req, 404): the normal envelope, no "errors" key.
            data.putNull("data");
            data.set("metadata", versionMetadata(v, version));
            return json(404, envelope(data, null, 0));
        }
        data.set("data", JSON.valueToTree(v.data));
        data.set("metadata", versionMetadata(v, version));
        return json(200, envelope(data, null, 0));
    }

    private ResponseDefinition kv2Write(Map<String, KvEntry> store, String path, JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null || data.isNull()) {
            return errors(400, "no data provided");
        }
        if (!data.isObject()) {
            return errors(400, "no data provided");
        }
        JsonNode cas = body.path("options").get("cas");
        KvEntry e = store.get(path);
        if (cas != null && !cas.isNull()) {
            if (!cas.canConvertToInt() || !cas.isNumber()) {
                return errors(400, "error parsing check-and-set parameter");
            }
            int current = e == null ? 0 : e.current;
            if (cas.asInt() != current) {
                return errors(400, "check-and-set parameter did not match the current version");
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = data.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            fields.put(
                    f.getKey(),
                    f.getValue().isTextual() ? f.getValue().asText() : JSON.convertValue(f.getValue(), Object.class));
        }
        KvVersion v = writeKv2(store, path, fields);
        return json(200, envelope(versionMetadata(v, store.get(path).current), null, 0));
    }

    private ResponseDefinition kv2Metadata(KvEntry e) {
        if (e == null) {
            return errors(404);
        }
        ObjectNode d = JSON.createObjectNode();
        d.put("cas_required", false);
        d.put("created_time", e.created.toString());
        d.put("current_version", e.current);
        d.putNull("custom_metadata");
        d.put("delete_version_after", "0s");
        d.put("max_versions", 0);
        d.put("oldest_version", e.versions.firstKey());
        d.put("updated_time", e.updated.toString());
        ObjectNode versions = d.putObject("versions");
        e.versions.forEach((n, v) -> {
            ObjectNode o = versions.putObject(String.valueOf(n));
            o.put("created_time", v.created.toString());
            o.put("deletion_time", v.deletionTime == null ? "" : v.deletionTime.toString());
            o.put("destroyed", v.destroyed);
        });
        return json(200, envelope(d, null, 0));
    }

    /** Direct children of a folder; folders end in '/'; none is 404 {"errors":[]}. */
    private static ResponseDefinition listKeys(Set<String> paths, String folder) {
        String prefix = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
        TreeSet<String> keys = new TreeSet<>();
        for (String p : paths) {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                int s = rest.indexOf('/');
                keys.add(s < 0 ? rest : rest.substring(0, s + 1));
            }
        }
        if (keys.isEmpty()) {
            return errors(404);
        }
        ObjectNode d = JSON.createObjectNode();
        ArrayNode a = d.putArray("keys");
        keys.forEach(a::add);
        return json(200, envelope(d, null, 0));
    }

    // ----------------------------------------------------------------------- KV v1

    private ResponseDefinition kvV1(
            Map<String, Map<String, Object>> store, String method, String path, boolean list, JsonNode body) {
        if (list) {
            return listKeys(store.keySet(), path);
        }
        switch (method) {
            case "GET": {
                Map<String, Object> e = store.get(path);
                if (e == null) {
                    return errors(404);
                }
                // No lease is created; a "ttl" key only sets the advisory lease_duration (default 768h).
                return json(200, envelope(JSON.valueToTree(e), null, 2764800));
            }
            case "POST":
            case "PUT": {
                if (!body.isObject() || body.isEmpty()) {
                    return errors(400, "no data provided");
                }
                store.put(path, JSON.convertValue(body, Map.class));
                return noContent();
            }
            case "DELETE":
                store.remove(path);
                return noContent();
            default:
                return errors(405, "unsupported operation");
        }
    }

    // ----------------------------------------------------------------------- Transit

    private ResponseDefinition transit(String method, String rest, JsonNode body) {
        if (!isWrite(method)) {
            return errors(405, "unsupported operation");
        }
        String[] parts = rest.split("/");
        if (parts.length < 2) {
            return errors(404, "no handler for route");
        }
        String op = parts[0];
        String name = parts[1];
        String urlAlgorithm = parts.length > 2 ? parts[2] : null;
        TransitKey key = transitKeys.get(name);
        byte[] input;
        JsonNode in = body.get("input");
        switch (op) {
            case "hmac": {
                if (in == null) {
                    return errors(400, "missing input for HMAC");
                }
                String alg = urlAlgorithm != null
                        ? urlAlgorithm
                        : body.path("algorithm").asText("sha2-256");
                if (!alg.equals("sha2-256")) {
                    return errors(400, "unsupported algorithm " + alg);
                }
                if (key == null) {
                    return errors(400, "encryption key not found");
                }
                input = decode(in.asText());
                if (input == null) {
                    return errors(400, "unable to decode input as base64: illegal base64 data");
                }
                int version = body.path("key_version").asInt(0);
                if (version == 0) {
                    version = key.latest();
                }
                if (version > key.latest()) {
                    return errors(400, "invalid key version");
                }
                ObjectNode d = JSON.createObjectNode();
                d.put("hmac", "vault:v" + version + ":" + b64(hmac(key.hmacKeys.get(version - 1), input)));
                return json(200, envelope(d, null, 0));
            }
            case "sign": {
                if (key == null) {
                    return errors(400, "signing key not found");
                }
                if (!key.type.equals("ed25519")) {
                    return errors(400, "key type " + key.type + " does not support signing");
                }
                if (in == null) {
                    return errors(400, "missing input to process");
                }
                input = decode(in.asText());
                if (input == null) {
                    return errors(400, "unable to decode input as base64: illegal base64 data");
                }
                int version = key.latest();
                ObjectNode d = JSON.createObjectNode();
                d.put(
                        "signature",
                        "vault:v" + version + ":" + b64(ed25519Sign(key.signingKeys.get(version - 1), input)));
                d.put("key_version", version);
                return json(200, envelope(d, null, 0));
            }
            case "verify": {
                boolean hasSig = body.hasNonNull("signature");
                boolean hasHmac = body.hasNonNull("hmac");
                if (hasSig && hasHmac) {
                    return errors(400, "provide one of 'signature' or 'hmac'");
                }
                if (!hasSig && !hasHmac) {
                    return errors(400, "neither a 'signature' nor an 'hmac' were given to verify");
                }
                if (key == null) {
                    return errors(400, "signature verification key not found");
                }
                if (in == null) {
                    return errors(400, "missing input to process");
                }
                input = decode(in.asText());
                if (input == null) {
                    return errors(400, "unable to decode input as base64: illegal base64 data");
                }
                String given = body.get(hasHmac ? "hmac" : "signature").asText();
                Matcher m = PREFIXED.matcher(given);
                if (!m.matches()) {
                    return errors(400, hasHmac ? "invalid HMAC to verify: no prefix" : "invalid signature: no prefix");
                }
                int version = Integer.parseInt(m.group(1));
                if (version > key.latest() || version < 1) {
                    return errors(
                            400,
                            hasHmac ? "invalid HMAC: version is too new" : "invalid signature: version is too new");
                }
                byte[] sig = decode(m.group(2));
                boolean valid;
                if (sig == null) {
                    valid = false;
                } else if (hasHmac) {
                    valid = MessageDigest.isEqual(hmac(key.hmacKeys.get(version - 1), input), sig);
                } else {
                    if (!key.type.equals("ed25519")) {
                        return errors(400, "key type " + key.type + " does not support verification");
                    }
                    valid = ed25519Verify(key.signingKeys.get(version - 1), input, sig);
                }
                ObjectNode d = JSON.createObjectNode();
                d.put("valid", valid);
                return json(200, envelope(d, null, 0));
            }
            default:
                return errors(404, "no handler for route");
        }
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] hmac(byte[] key, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ed25519Sign(KeyPair kp, byte[] input) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(kp.getPrivate());
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean ed25519Verify(KeyPair kp, byte[] input, byte[] sig) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(kp.getPublic());
            s.update(input);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
