package dev.arcanum.secrets.infisical.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A stateful protocol fake of the Infisical REST API on a random loopback port, built on WireMock
 * with one {@link ResponseDefinitionTransformerV2} that keeps real state: identities and access
 * tokens with TTL / max TTL, one project with environments, folders, secrets with version history,
 * folder imports and change-approval policies.
 *
 * <p>Paths, query parameters, bodies, status codes and error bodies follow:
 *
 * <ul>
 *   <li>API reference: <a href="https://infisical.com/docs/api-reference/overview">overview</a>, <a
 *       href="https://infisical.com/docs/api-reference/endpoints/universal-auth/login">universal-auth
 *       login</a>, <a href="https://infisical.com/docs/api-reference/endpoints/secrets/read">secrets
 *       (v4) read</a> and the sibling list / create / update / delete / create-many / update-many
 *       pages, <a
 *       href="https://infisical.com/docs/api-reference/endpoints/deprecated/secrets/read">deprecated
 *       v3 raw secrets</a>, folders create.
 *   <li>Server routes (Infisical/infisical, {@code backend/src/server/}): {@code
 *       routes/v1/identity-universal-auth-router.ts} (login), {@code
 *       routes/v1/identity-access-token-router.ts} (renew), {@code routes/v4/secret-router.ts},
 *       {@code routes/v3/deprecated-secret-router.ts}, {@code routes/v2/secret-folder-router.ts} and
 *       {@code routes/v1/secret-folder-router.ts}, {@code routes/sanitizedSchemas.ts} ({@code
 *       secretRawSchema}), {@code lib/schemas.ts} (secret names: no {@code :} or {@code /}).
 *   <li>Behaviour and messages: {@code services/secret-v2-bridge/secret-v2-bridge-service.ts}
 *       ({@code Secret already exist}, {@code Folder with path '…' in environment with slug '…' not
 *       found}, {@code Secret with name '…' not found}, imports searched last-first, missing folder
 *       lists as empty), {@code services/secret-folder/secret-folder-service.ts} (idempotent folder
 *       create that builds parents), the identity access-token service (TTL / max-TTL messages),
 *       {@code plugins/error-handler.ts} and {@code lib/errors/index.ts} (the {@code {reqId,
 *       statusCode, message, error}} bodies, 422 with an array of zod issues, 403 {@code
 *       PermissionDenied} with {@code details}, 403 {@code TokenError}), {@code
 *       config/rateLimiter.ts} ({@code Rate limit exceeded. Please try again in N seconds}).
 * </ul>
 *
 * <p>Where the server hides a value ({@code viewSecretValue=false}, or {@link #hideValue}) the
 * secret carries {@code secretValueHidden: true} and the mask {@code <hidden-by-infisical>}, as
 * {@code reshapeBridgeSecret} does. Faults ({@link #failNext}) simulate what a test needs: 429, 5xx,
 * malformed JSON, connection resets, slow answers.
 *
 * <p>Thread-safe (one lock around the state). Run {@link #main} for a command-line demo.
 */
public final class InfisicalFake implements AutoCloseable {
    /** The hidden-value mask (services/secret/secret-fns.ts INFISICAL_SECRET_VALUE_HIDDEN_MASK). */
    public static final String HIDDEN_MASK = "<hidden-by-infisical>";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FOLDER_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private final Object lock = new Object();
    private final Clock clock;
    private final WireMockServer server;
    private final String clientId = UUID.randomUUID().toString();
    private final String clientSecret = "fake-ua-secret-" + UUID.randomUUID();
    private final String projectId = UUID.randomUUID().toString();
    private final AtomicLong reqIds = new AtomicLong();

    private final Set<String> environments = new HashSet<>(Set.of("dev", "staging", "prod"));
    /** env → folder paths ("/" always present). */
    private final Map<String, Set<String>> folders = new HashMap<>();
    /** env → folder → name → secret. */
    private final Map<String, Map<String, Map<String, StoredSecret>>> secrets = new HashMap<>();
    /** env + folder → imports, in order. */
    private final Map<String, List<String[]>> imports = new HashMap<>();

    private final Set<String> approvalFolders = new HashSet<>();
    private final Set<String> hidden = new HashSet<>();
    private final Set<String> readDenied = new HashSet<>();
    private final Map<String, TokenState> tokens = new HashMap<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final List<RecordedRequest> log = Collections.synchronizedList(new ArrayList<>());

    private volatile java.util.function.Consumer<String> tokenListener = t -> {};
    private long accessTokenTtl = 7200;
    private long accessTokenMaxTtl = 2_592_000;

    /** One request as the fake saw it: method, path, decoded query and whether it carried a token. */
    public record RecordedRequest(String method, String path, Map<String, String> query, boolean authenticated) {
        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : " " + query);
        }
    }

    /** A canned answer for the next request matching a predicate. */
    public static final class Failure {
        final Predicate<RecordedRequest> matches;
        final ResponseDefinitionBuilder response;

        private Failure(Predicate<RecordedRequest> matches, ResponseDefinitionBuilder response) {
            this.matches = matches;
            this.response = response;
        }

        /** A 429 as the rate limiter sends it, asking to wait {@code seconds}. */
        public static Failure rateLimited(Predicate<RecordedRequest> matches, int seconds) {
            return error(
                    matches,
                    429,
                    "RateLimitExceeded",
                    "Rate limit exceeded. Please try again in " + seconds + " seconds");
        }

        /** An Infisical-shaped error body. */
        public static Failure error(Predicate<RecordedRequest> matches, int status, String error, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.put("reqId", "req-fault-" + UUID.randomUUID());
            body.put("statusCode", status);
            body.put("message", message);
            body.put("error", error);
            return new Failure(
                    matches,
                    aResponse()
                            .withStatus(status)
                            .withHeader("Content-Type", "application/json")
                            .withBody(body.toString()));
        }

        /** A 422 as the error handler sends a zod failure: {@code message} is an array of issues. */
        public static Failure validation(Predicate<RecordedRequest> matches, String field, String message) {
            ObjectNode body = JSON.createObjectNode();
            body.put("reqId", "req-fault-" + UUID.randomUUID());
            body.put("statusCode", 422);
            body.put("error", "ValidationFailure");
            ArrayNode issues = JSON.createArrayNode();
            ObjectNode issue = JSON.createObjectNode();
            issue.put("code", "invalid_type");
            issue.set("path", JSON.createArrayNode().add(field));
            issue.put("message", message);
            issues.add(issue);
            body.set("message", issues);
            return new Failure(
                    matches,
                    aResponse()
                            .withStatus(422)
                            .withHeader("Content-Type", "application/json")
                            .withBody(body.toString()));
        }

        /** A 200 whose body is not JSON. */
        public static Failure malformedJson(Predicate<RecordedRequest> matches) {
            return new Failure(
                    matches,
                    aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"secret\": {"));
        }

        /** The connection is reset instead of an answer. */
        public static Failure connectionReset(Predicate<RecordedRequest> matches) {
            return new Failure(matches, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        }

        /** An ordinary error answer, sent only after {@code delayMillis}. */
        public static Failure slow(Predicate<RecordedRequest> matches, int delayMillis) {
            return new Failure(
                    matches,
                    aResponse()
                            .withStatus(504)
                            .withHeader("Content-Type", "application/json")
                            .withBody(
                                    "{\"statusCode\":504,\"message\":\"Timeout error\",\"error\":\"GatewayTimeoutError\"}")
                            .withFixedDelay(delayMillis));
        }
    }

    private static final class StoredSecret {
        final String id = UUID.randomUUID().toString();
        final Instant createdAt;
        Instant updatedAt;
        final List<String> versions = new ArrayList<>();
        final List<Instant> versionTimes = new ArrayList<>();

        StoredSecret(Instant now) {
            this.createdAt = now;
            this.updatedAt = now;
        }

        int version() {
            return versions.size();
        }
    }

    private static final class TokenState {
        final Instant createdAt;
        Instant lastRenewedAt;
        final long ttl;
        final long maxTtl;

        TokenState(Instant createdAt, long ttl, long maxTtl) {
            this.createdAt = createdAt;
            this.ttl = ttl;
            this.maxTtl = maxTtl;
        }
    }

    private InfisicalFake(Clock clock, int port) {
        this(clock, port, null, null);
    }

    private InfisicalFake(Clock clock, int port, String keystore, String password) {
        this.clock = clock;
        WireMockConfiguration options =
                WireMockConfiguration.options().bindAddress("127.0.0.1").disableRequestJournal();
        if (keystore != null) {
            options = options.dynamicHttpsPort()
                    .keystorePath(keystore)
                    .keystorePassword(password)
                    .keyManagerPassword(password)
                    .keystoreType("PKCS12");
        }
        this.server =
                new WireMockServer((port == 0 ? options.dynamicPort() : options.port(port)).extensions(new Handler()));
        for (String env : environments) {
            folders.computeIfAbsent(env, e -> new HashSet<>()).add("/");
        }
        server.start();
        // Every request reaches the transformer, which answers from the fake's state.
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    /** @return a started fake on a random loopback port, with the system clock */
    public static InfisicalFake start() {
        return start(Clock.systemUTC());
    }

    /**
     * @param clock the time tokens expire by; tests share it with the client
     * @return a started fake
     */
    public static InfisicalFake start(Clock clock) {
        return new InfisicalFake(clock, 0);
    }

    /**
     * @param clock the time tokens expire by
     * @param keystore a PKCS#12 key store holding the server's key and certificate (for {@code
     *     localhost})
     * @param password the key store's and the key's password
     * @return a started fake that also listens for HTTPS on {@link #httpsSiteUrl()}
     */
    public static InfisicalFake startWithHttps(Clock clock, String keystore, String password) {
        return new InfisicalFake(clock, 0, keystore, password);
    }

    /** @return {@code https://localhost:<port>}, or null when started without HTTPS */
    public String httpsSiteUrl() {
        return server.getOptions().httpsSettings().enabled() ? "https://localhost:" + server.httpsPort() : null;
    }

    /**
     * Starts the fake on a port (first argument, default 8087), seeds {@code app/DB_PASSWORD} in
     * {@code dev}, and prints the settings for a command-line demo.
     *
     * @param args optional port
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8087;
        InfisicalFake onPort = new InfisicalFake(Clock.systemUTC(), port);
        onPort.seed("dev", "/app", "DB_PASSWORD", "demo-db-password");
        System.out.println("SECRETS_PROVIDER=infisical");
        System.out.println("INFISICAL_API_URL=" + onPort.siteUrl());
        System.out.println("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=" + onPort.clientId());
        System.out.println("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=" + onPort.clientSecret());
        System.out.println("INFISICAL_PROJECT_ID=" + onPort.projectId());
        System.out.println("# seeded: app/DB_PASSWORD in environment dev; Ctrl-C to stop");
        new CountDownLatch(1).await();
    }

    /** @return {@code http://127.0.0.1:<port>} (the client accepts it with or without {@code /api}) */
    public String siteUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** @return the universal-auth client id of the fake's machine identity */
    public String clientId() {
        return clientId;
    }

    /** @return the universal-auth client secret of the fake's machine identity */
    public String clientSecret() {
        return clientSecret;
    }

    /** @return the id of the fake's one project */
    public String projectId() {
        return projectId;
    }

    /** @return every request so far, in order */
    public List<RecordedRequest> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** @return how many requests the fake has received */
    public long requestCount() {
        return log.size();
    }

    /** Forgets the request log. */
    public void clearRequests() {
        log.clear();
    }

    /**
     * @param method the method
     * @param path the exact path
     * @return how many requests had that method and path
     */
    public long count(String method, String path) {
        return requests().stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .count();
    }

    /** Sets the TTL and max TTL (seconds) of tokens issued from now on; 0 means no limit. */
    public void tokenLifetime(long ttlSeconds, long maxTtlSeconds) {
        synchronized (lock) {
            this.accessTokenTtl = ttlSeconds;
            this.accessTokenMaxTtl = maxTtlSeconds;
        }
    }

    /** Tells a listener each access token issued (tests hand them to a leak detector). */
    public void onTokenIssued(java.util.function.Consumer<String> listener) {
        this.tokenListener = Objects.requireNonNull(listener, "listener");
    }

    /** Revokes every access token issued so far (the next call with one gets 401). */
    public void revokeTokens() {
        synchronized (lock) {
            tokens.clear();
        }
    }

    /** Stores a secret (a new version if it exists), creating its folder. */
    public void seed(String env, String folder, String name, String value) {
        synchronized (lock) {
            ensureFolder(env, folder);
            StoredSecret s = secrets.computeIfAbsent(env, e -> new HashMap<>())
                    .computeIfAbsent(folder, f -> new HashMap<>())
                    .computeIfAbsent(name, n -> new StoredSecret(clock.instant()));
            s.versions.add(value);
            s.versionTimes.add(clock.instant());
            s.updatedAt = clock.instant();
        }
    }

    /** Imports {@code fromFolder} of {@code fromEnv} into {@code folder} (later imports win). */
    public void addImport(String env, String folder, String fromEnv, String fromFolder) {
        synchronized (lock) {
            ensureFolder(env, folder);
            imports.computeIfAbsent(env + ":" + folder, k -> new ArrayList<>()).add(new String[] {fromEnv, fromFolder});
        }
    }

    /** Puts a change-approval policy on a folder: writes there answer {@code approval}. */
    public void requireApproval(String env, String folder) {
        synchronized (lock) {
            approvalFolders.add(env + ":" + folder);
        }
    }

    /** Marks a secret's value hidden from the identity ({@code secretValueHidden: true}). */
    public void hideValue(String env, String folder, String name) {
        synchronized (lock) {
            hidden.add(env + ":" + folder + ":" + name);
        }
    }

    /** Denies the identity reading a folder: reads answer 403 {@code PermissionDenied}. */
    public void denyRead(String env, String folder) {
        synchronized (lock) {
            readDenied.add(env + ":" + folder);
        }
    }

    /** Answers the next request matching the failure's predicate with it (once). */
    public void failNext(Failure failure) {
        synchronized (lock) {
            failures.add(failure);
        }
    }

    /**
     * @param env environment slug
     * @param folder folder path
     * @param name secret name
     * @return the current value, or null
     */
    public String value(String env, String folder, String name) {
        synchronized (lock) {
            StoredSecret s = find(env, folder, name);
            return s == null ? null : s.versions.get(s.versions.size() - 1);
        }
    }

    /** @return true if the folder exists in the environment */
    public boolean hasFolder(String env, String folder) {
        synchronized (lock) {
            return folders.getOrDefault(env, Set.of()).contains(folder);
        }
    }

    /** Predicate: requests with this method whose path starts with the prefix. */
    public static Predicate<RecordedRequest> on(String method, String pathPrefix) {
        return r -> r.method().equals(method) && r.path().startsWith(pathPrefix);
    }

    @Override
    public void close() {
        server.stop();
    }

    // ------------------------------------------------------------------ dispatch

    private final class Handler implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            URI uri = URI.create(request.getUrl());
            Map<String, String> query = parseQuery(uri.getRawQuery());
            String auth = request.getHeader("Authorization");
            RecordedRequest recorded = new RecordedRequest(
                    request.getMethod().getName(),
                    URLDecoder.decode(uri.getRawPath(), StandardCharsets.UTF_8),
                    query,
                    auth != null);
            log.add(recorded);
            synchronized (lock) {
                Failure f = failures.stream()
                        .filter(x -> x.matches.test(recorded))
                        .findFirst()
                        .orElse(null);
                if (f != null) {
                    failures.remove(f);
                    return f.response.build();
                }
                Reply reply;
                try {
                    JsonNode body = request.getBodyAsString() == null
                                    || request.getBodyAsString().isBlank()
                            ? JSON.createObjectNode()
                            : JSON.readTree(request.getBodyAsString());
                    reply = route(recorded, auth, body);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    reply = error(400, "FST_ERR_CTP_INVALID_JSON_BODY", "Body is not valid JSON");
                }
                return aResponse()
                        .withStatus(reply.status)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(reply.body.toString())
                        .build();
            }
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public String getName() {
            return "infisical-fake";
        }
    }

    private record Reply(int status, JsonNode body) {}

    private Reply route(RecordedRequest r, String auth, JsonNode body) {
        String m = r.method();
        String p = r.path();
        if (m.equals("POST") && p.equals("/api/v1/auth/universal-auth/login")) {
            return login(body);
        }
        if (m.equals("POST") && p.equals("/api/v1/auth/token/renew")) {
            return renew(body);
        }
        Reply denied = authenticate(auth);
        if (denied != null) {
            return denied;
        }
        if (p.equals("/api/v2/folders") && m.equals("POST")) {
            return createFolder(body, "projectId");
        }
        if (p.equals("/api/v1/folders") && m.equals("POST")) {
            return createFolder(body, "workspaceId");
        }
        String v4 = "/api/v4/secrets";
        String v3 = "/api/v3/secrets/raw";
        if (p.equals(v4 + "/batch") || p.equals("/api/v3/secrets/batch/raw")) {
            String projectParam = p.startsWith("/api/v4") ? "projectId" : "workspaceId";
            switch (m) {
                case "POST":
                    return batchCreate(body, projectParam);
                case "PATCH":
                    return batchUpdate(body, projectParam);
                case "DELETE":
                    return batchDelete(body, projectParam);
                default:
                    return notFoundRoute(r);
            }
        }
        for (String base : List.of(v4, v3)) {
            String projectParam = base.equals(v4) ? "projectId" : "workspaceId";
            if (p.equals(base) && m.equals("GET")) {
                return list(r.query(), projectParam);
            }
            if (p.startsWith(base + "/") && !p.substring(base.length() + 1).contains("/")) {
                String name = p.substring(base.length() + 1);
                switch (m) {
                    case "GET":
                        return get(r.query(), name, projectParam);
                    case "POST":
                        return create(body, name, projectParam);
                    case "PATCH":
                        return update(body, name, projectParam);
                    case "DELETE":
                        return delete(body, name, projectParam);
                    default:
                        return notFoundRoute(r);
                }
            }
        }
        return notFoundRoute(r);
    }

    private Reply notFoundRoute(RecordedRequest r) {
        ObjectNode b = JSON.createObjectNode();
        b.put("message", "Route " + r.method() + ":" + r.path() + " not found");
        b.put("error", "Not Found");
        b.put("statusCode", 404);
        return new Reply(404, b);
    }

    // ------------------------------------------------------------------ auth

    private Reply login(JsonNode body) {
        Reply invalid = requireStrings(body, "clientId", "clientSecret");
        if (invalid != null) {
            return invalid;
        }
        if (!clientId.equals(body.get("clientId").asText().trim())
                || !clientSecret.equals(body.get("clientSecret").asText().trim())) {
            return error(401, "UnauthorizedError", "Invalid credentials");
        }
        String token = "fake-at-" + UUID.randomUUID();
        tokens.put(token, new TokenState(clock.instant(), accessTokenTtl, accessTokenMaxTtl));
        tokenListener.accept(token);
        return tokenReply(token, accessTokenTtl, accessTokenMaxTtl);
    }

    private Reply renew(JsonNode body) {
        Reply invalid = requireStrings(body, "accessToken");
        if (invalid != null) {
            return invalid;
        }
        String token = body.get("accessToken").asText().trim();
        Reply expired = validate(token);
        if (expired != null) {
            return expired;
        }
        TokenState t = tokens.get(token);
        Instant now = clock.instant();
        t.lastRenewedAt = now;
        long expiresIn = t.ttl;
        if (t.maxTtl > 0) {
            long left = t.createdAt.plusSeconds(t.maxTtl).getEpochSecond() - now.getEpochSecond();
            expiresIn = Math.min(expiresIn, Math.max(left, 0));
        }
        return tokenReply(token, expiresIn, t.maxTtl);
    }

    private Reply tokenReply(String token, long expiresIn, long maxTtl) {
        ObjectNode b = JSON.createObjectNode();
        b.put("accessToken", token);
        b.put("expiresIn", expiresIn);
        b.put("accessTokenMaxTTL", maxTtl);
        b.put("tokenType", "Bearer");
        return new Reply(200, b);
    }

    private Reply authenticate(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return error(401, "UnauthorizedError", "Token missing");
        }
        return validate(header.substring("Bearer ".length()).trim());
    }

    /** The access-token service's checks, with its messages. */
    private Reply validate(String token) {
        TokenState t = tokens.get(token);
        if (t == null) {
            return error(401, "UnauthorizedError", "You are not allowed to access this resource");
        }
        Instant now = clock.instant();
        if (t.ttl > 0) {
            Instant base = t.lastRenewedAt != null ? t.lastRenewedAt : t.createdAt;
            if (now.isAfter(base.plusSeconds(t.ttl))) {
                tokens.remove(token);
                return error(401, "UnauthorizedError", "Failed to renew MI access token due to TTL expiration");
            }
        }
        if (t.maxTtl > 0 && now.isAfter(t.createdAt.plusSeconds(t.maxTtl))) {
            tokens.remove(token);
            return error(401, "UnauthorizedError", "Failed to renew MI access token due to Max TTL expiration");
        }
        return null;
    }

    // ------------------------------------------------------------------ secrets

    private Reply list(Map<String, String> q, String projectParam) {
        Reply bad = checkBooleans(q, "viewSecretValue", "expandSecretReferences", "recursive", "include_imports");
        if (bad != null) {
            return bad;
        }
        String project = q.get(projectParam);
        String env = q.get("environment");
        if (project == null || env == null) {
            // Both list routes (v4 secret-router.ts, v3 deprecated-secret-router.ts) say the same.
            return error(400, "BadRequest", "Missing project id or environment");
        }
        Reply wrong = checkProject(project);
        if (wrong != null) {
            return wrong;
        }
        String path = normalizePath(q.getOrDefault("secretPath", "/"));
        boolean view = !"false".equals(q.get("viewSecretValue"));
        boolean recursive = "true".equals(q.get("recursive"));
        boolean withImports = "true".equals(q.get("include_imports"));
        if (view && readDenied.contains(env + ":" + path)) {
            return permissionDenied("readValue");
        }
        ArrayNode out = JSON.createArrayNode();
        Map<String, Map<String, StoredSecret>> byFolder = secrets.getOrDefault(env, Map.of());
        for (String folder : new TreeMap<>(byFolder).keySet()) {
            boolean inside = folder.equals(path) || (recursive && (path.equals("/") || folder.startsWith(path + "/")));
            if (!inside) {
                continue;
            }
            for (Map.Entry<String, StoredSecret> e : new TreeMap<>(byFolder.get(folder)).entrySet()) {
                out.add(raw(env, folder, e.getKey(), e.getValue(), e.getValue().version(), view, true));
            }
        }
        ObjectNode b = JSON.createObjectNode();
        b.set("secrets", out);
        if (withImports) {
            ArrayNode imps = JSON.createArrayNode();
            for (String[] imp : imports.getOrDefault(env + ":" + path, List.of())) {
                ObjectNode i = JSON.createObjectNode();
                i.put("secretPath", imp[1]);
                i.put("environment", imp[0]);
                i.put(
                        "folderId",
                        UUID.nameUUIDFromBytes((imp[0] + imp[1]).getBytes(StandardCharsets.UTF_8))
                                .toString());
                ArrayNode is = JSON.createArrayNode();
                Map<String, StoredSecret> there =
                        secrets.getOrDefault(imp[0], Map.of()).getOrDefault(imp[1], Map.of());
                for (Map.Entry<String, StoredSecret> e : new TreeMap<>(there).entrySet()) {
                    ObjectNode s = raw(
                            imp[0],
                            imp[1],
                            e.getKey(),
                            e.getValue(),
                            e.getValue().version(),
                            view,
                            false);
                    s.remove("createdAt");
                    s.remove("updatedAt");
                    is.add(s);
                }
                i.set("secrets", is);
                imps.add(i);
            }
            b.set("imports", imps);
        }
        return new Reply(200, b);
    }

    private Reply get(Map<String, String> q, String name, String projectParam) {
        Reply bad = checkBooleans(q, "viewSecretValue", "expandSecretReferences", "include_imports");
        if (bad != null) {
            return bad;
        }
        String env = q.get("environment");
        String project = q.get(projectParam);
        if (env == null) {
            return error(400, "BadRequest", "Missing environment");
        }
        if (project == null) {
            return error(
                    400,
                    "BadRequest",
                    projectParam.equals("projectId")
                            ? "You must provide  workspaceId"
                            : "You must provide workspaceSlug or workspaceId");
        }
        Reply wrong = checkProject(project);
        if (wrong != null) {
            return wrong;
        }
        String path = normalizePath(q.getOrDefault("secretPath", "/"));
        boolean view = !"false".equals(q.get("viewSecretValue"));
        if (!folders.getOrDefault(env, Set.of()).contains(path)) {
            return folderNotFound(path, env, "GetSecretByName");
        }
        if (view && readDenied.contains(env + ":" + path)) {
            return permissionDenied("readValue");
        }
        StoredSecret s = find(env, path, name);
        if (s != null && q.get("version") != null) {
            int version;
            try {
                version = Integer.parseInt(q.get("version"));
            } catch (NumberFormatException e) {
                return validation("version", "invalid_type", "Expected number, received nan");
            }
            if (version < 1 || version > s.version()) {
                return error(404, "NotFound", "Secret with name '" + name + "' not found");
            }
            return secretReply(raw(env, path, name, s, version, view, true));
        }
        if (s == null && "true".equals(q.get("include_imports"))) {
            List<String[]> imps = imports.getOrDefault(env + ":" + path, List.of());
            for (int i = imps.size() - 1; i >= 0; i--) {
                StoredSecret imported = find(imps.get(i)[0], imps.get(i)[1], name);
                if (imported != null) {
                    return secretReply(
                            raw(imps.get(i)[0], imps.get(i)[1], name, imported, imported.version(), view, true));
                }
            }
        }
        if (s == null) {
            return error(404, "NotFound", "Secret with name '" + name + "' not found");
        }
        return secretReply(raw(env, path, name, s, s.version(), view, true));
    }

    private Reply create(JsonNode body, String name, String projectParam) {
        Reply invalid = writeChecks(body, projectParam, true);
        if (invalid != null) {
            return invalid;
        }
        Reply badName = checkName(name);
        if (badName != null) {
            return badName;
        }
        String env = body.get("environment").asText().trim();
        String path = normalizePath(body.path("secretPath").asText("/"));
        if (!folders.getOrDefault(env, Set.of()).contains(path)) {
            return folderNotFound(path, env, "CreateSecret");
        }
        if (find(env, path, name) != null) {
            return error(400, "BadRequest", "Secret already exist");
        }
        if (approvalFolders.contains(env + ":" + path)) {
            return approval(path);
        }
        seed(env, path, name, transformValue(body.get("secretValue").asText()));
        return secretReply(raw(env, path, name, find(env, path, name), 1, true, false));
    }

    private Reply update(JsonNode body, String name, String projectParam) {
        Reply invalid = writeChecks(body, projectParam, false);
        if (invalid != null) {
            return invalid;
        }
        String env = body.get("environment").asText().trim();
        String path = normalizePath(body.path("secretPath").asText("/"));
        if (!folders.getOrDefault(env, Set.of()).contains(path)) {
            return folderNotFound(path, env, "UpdateSecret");
        }
        StoredSecret s = find(env, path, name);
        if (s == null) {
            return error(404, "NotFound", "Secret with name " + name + " not found");
        }
        if (approvalFolders.contains(env + ":" + path)) {
            return approval(path);
        }
        if (body.hasNonNull("secretValue")) {
            seed(env, path, name, transformValue(body.get("secretValue").asText()));
        }
        return secretReply(raw(env, path, name, s, s.version(), true, true));
    }

    private Reply delete(JsonNode body, String name, String projectParam) {
        Reply invalid = writeChecks(body, projectParam, false);
        if (invalid != null) {
            return invalid;
        }
        String env = body.get("environment").asText().trim();
        String path = normalizePath(body.path("secretPath").asText("/"));
        if (!folders.getOrDefault(env, Set.of()).contains(path)) {
            return folderNotFound(path, env, "DeleteSecret");
        }
        StoredSecret s = find(env, path, name);
        if (s == null) {
            return error(404, "NotFound", "Secret not found");
        }
        if (approvalFolders.contains(env + ":" + path)) {
            return approval(path);
        }
        ObjectNode deleted = raw(env, path, name, s, s.version(), true, true);
        secrets.get(env).get(path).remove(name);
        return secretReply(deleted);
    }

    private Reply batchCreate(JsonNode body, String projectParam) {
        Reply invalid = batchChecks(body, projectParam);
        if (invalid != null) {
            return invalid;
        }
        String env = body.get("environment").asText().trim();
        String path = normalizePath(body.path("secretPath").asText("/"));
        for (JsonNode s : body.get("secrets")) {
            if (!s.path("secretValue").isTextual()) {
                return validation("secrets.secretValue", "invalid_type", "Required");
            }
            Reply badName = checkName(s.path("secretKey").asText());
            if (badName != null) {
                return badName;
            }
        }
        if (!folders.getOrDefault(env, Set.of()).contains(path)) {
            return folderNotFound(path, env, "CreateManySecret");
        }
        List<String> existing = new ArrayList<>();
        for (JsonNode s : body.get("secrets")) {
            if (find(env, path, s.get("secretKey").asText()) != null) {
                existing.add(s.get("secretKey").asText());
            }
        }
        if (!existing.isEmpty()) {
            return error(400, "BadRequest", "Secret already exist: " + String.join(",", existing));
        }
        if (approvalFolders.contains(env + ":" + path)) {
            return approval(path);
        }
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode s : body.get("secrets")) {
            String name = s.get("secretKey").asText();
            seed(env, path, name, transformValue(s.get("secretValue").asText()));
            out.add(raw(env, path, name, find(env, path, name), 1, true, false));
        }
        ObjectNode b = JSON.createObjectNode();
        b.set("secrets", out);
        return new Reply(200, b);
    }

    private Reply batchUpdate(JsonNode body, String projectParam) {
        Reply invalid = batchChecks(body, projectParam);
        if (invalid != null) {
            return invalid;
        }
        String env = body.get("environment").asText().trim();
        String top = normalizePath(body.path("secretPath").asText("/"));
        String mode = body.path("mode").asText("failOnNotFound");
        if (!List.of("ignore", "upsert", "failOnNotFound").contains(mode)) {
            return validation(
                    "mode",
                    "invalid_enum_value",
                    "Invalid enum value. Expected 'ignore' | 'upsert' | 'failOnNotFound'");
        }
        Map<String, List<JsonNode>> byPath = new LinkedHashMap<>();
        for (JsonNode s : body.get("secrets")) {
            String path = s.hasNonNull("secretPath")
                    ? normalizePath(s.get("secretPath").asText())
                    : top;
            byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(s);
        }
        for (String path : byPath.keySet()) {
            if (!folders.getOrDefault(env, Set.of()).contains(path)) {
                // The server really prints 'null' here (updateManySecret).
                return folderNotFound("null", env, "UpdateManySecret");
            }
            if (mode.equals("failOnNotFound")) {
                List<String> missing = new ArrayList<>();
                for (JsonNode s : byPath.get(path)) {
                    if (find(env, path, s.get("secretKey").asText()) == null) {
                        missing.add(s.get("secretKey").asText());
                    }
                }
                if (!missing.isEmpty()) {
                    return error(
                            404,
                            "NotFound",
                            "Secret does not exist: " + String.join(", ", missing) + " in path " + path);
                }
            }
            if (approvalFolders.contains(env + ":" + path)) {
                return approval(path);
            }
        }
        ArrayNode out = JSON.createArrayNode();
        for (Map.Entry<String, List<JsonNode>> e : byPath.entrySet()) {
            for (JsonNode s : e.getValue()) {
                String name = s.get("secretKey").asText();
                boolean exists = find(env, e.getKey(), name) != null;
                if (!exists && !mode.equals("upsert")) {
                    continue;
                }
                if (s.hasNonNull("secretValue")) {
                    seed(
                            env,
                            e.getKey(),
                            name,
                            transformValue(s.get("secretValue").asText()));
                }
                StoredSecret stored = find(env, e.getKey(), name);
                out.add(raw(env, e.getKey(), name, stored, stored.version(), true, true));
            }
        }
        ObjectNode b = JSON.createObjectNode();
        b.set("secrets", out);
        return new Reply(200, b);
    }

    private Reply batchDelete(JsonNode body, String projectParam) {
        Reply invalid = batchChecks(body, projectParam);
        if (invalid != null) {
            return invalid;
        }
        String env = body.get("environment").asText().trim();
        String path = normalizePath(body.path("secretPath").asText("/"));
        if (!folders.getOrDefault(env, Set.of()).contains(path)) {
            return folderNotFound(path, env, "DeleteManySecret");
        }
        if (approvalFolders.contains(env + ":" + path)) {
            return approval(path);
        }
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode s : body.get("secrets")) {
            String name = s.path("secretKey").asText();
            StoredSecret stored = find(env, path, name);
            if (stored == null) {
                return error(404, "NotFound", "One or more secrets does not exist: " + name);
            }
        }
        for (JsonNode s : body.get("secrets")) {
            String name = s.path("secretKey").asText();
            StoredSecret stored = find(env, path, name);
            out.add(raw(env, path, name, stored, stored.version(), true, true));
            secrets.get(env).get(path).remove(name);
        }
        ObjectNode b = JSON.createObjectNode();
        b.set("secrets", out);
        return new Reply(200, b);
    }

    private Reply createFolder(JsonNode body, String projectParam) {
        Reply invalid = requireStrings(body, projectParam, "environment", "name");
        if (invalid != null) {
            return invalid;
        }
        String name = body.get("name").asText().trim();
        if (!FOLDER_NAME.matcher(name).matches()) {
            return validation(
                    "name",
                    "custom",
                    "Invalid folder name. Only alphanumeric characters, dashes, and underscores are allowed.");
        }
        Reply wrong = checkProject(body.get(projectParam).asText().trim());
        if (wrong != null) {
            return wrong;
        }
        String env = body.get("environment").asText().trim();
        if (!environments.contains(env)) {
            return error(
                    404,
                    "NotFound",
                    "Environment with slug '" + env + "' in project with ID '" + projectId + "' not found");
        }
        String parent = normalizePath(body.path("path").asText("/"));
        String full = parent.equals("/") ? "/" + name : parent + "/" + name;
        ensureFolder(env, full);
        ObjectNode folder = JSON.createObjectNode();
        folder.put(
                "id",
                UUID.nameUUIDFromBytes((env + full).getBytes(StandardCharsets.UTF_8))
                        .toString());
        folder.put("name", name);
        folder.put(
                "envId",
                UUID.nameUUIDFromBytes(env.getBytes(StandardCharsets.UTF_8)).toString());
        folder.put("version", 1);
        folder.putNull("parentId");
        folder.put("isReserved", false);
        folder.putNull("description");
        folder.put("createdAt", clock.instant().toString());
        folder.put("updatedAt", clock.instant().toString());
        folder.put("path", full);
        ObjectNode b = JSON.createObjectNode();
        b.set("folder", folder);
        return new Reply(200, b);
    }

    // ------------------------------------------------------------------ helpers

    private void ensureFolder(String env, String folder) {
        Set<String> set = folders.computeIfAbsent(env, e -> new HashSet<>());
        String path = "";
        for (String segment : folder.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            path = path + "/" + segment;
            set.add(path);
        }
        set.add("/");
    }

    private StoredSecret find(String env, String folder, String name) {
        return secrets.getOrDefault(env, Map.of())
                .getOrDefault(folder, Map.of())
                .get(name);
    }

    /** secretRawSchema plus secretPath and secretValueHidden (routes/sanitizedSchemas.ts). */
    private ObjectNode raw(
            String env, String folder, String name, StoredSecret s, int version, boolean view, boolean withHidden) {
        boolean hide = !view || hidden.contains(env + ":" + folder + ":" + name);
        ObjectNode n = JSON.createObjectNode();
        n.put("id", s.id);
        n.put("_id", s.id);
        n.put("workspace", projectId);
        n.put("environment", env);
        n.put("version", version);
        n.put("type", "shared");
        n.put("secretKey", name);
        n.put("secretValue", hide ? HIDDEN_MASK : s.versions.get(version - 1));
        n.put("secretComment", "");
        n.putNull("secretReminderNote");
        n.putNull("secretReminderRepeatDays");
        n.put("skipMultilineEncoding", false);
        n.put("secretPath", folder);
        if (withHidden || hide) {
            n.put("secretValueHidden", hide);
        }
        n.put("createdAt", s.createdAt.toString());
        n.put("updatedAt", s.versionTimes.get(version - 1).toString());
        n.set("tags", JSON.createArrayNode());
        return n;
    }

    private static Reply secretReply(ObjectNode secret) {
        ObjectNode b = JSON.createObjectNode();
        b.set("secret", secret);
        return new Reply(200, b);
    }

    private Reply approval(String folder) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", UUID.randomUUID().toString());
        a.put(
                "policyId",
                UUID.nameUUIDFromBytes(folder.getBytes(StandardCharsets.UTF_8)).toString());
        a.put("hasMerged", false);
        a.put("status", "open");
        a.putNull("conflicts");
        a.put("slug", "change-" + Long.toHexString(reqIds.incrementAndGet()));
        a.put(
                "folderId",
                UUID.nameUUIDFromBytes(("folder" + folder).getBytes(StandardCharsets.UTF_8))
                        .toString());
        a.putNull("bypassReason");
        a.put("createdAt", clock.instant().toString());
        a.put("updatedAt", clock.instant().toString());
        a.put("isReplicated", false);
        a.put(
                "committerUserId",
                UUID.nameUUIDFromBytes(clientId.getBytes(StandardCharsets.UTF_8))
                        .toString());
        a.putNull("statusChangedByUserId");
        ObjectNode b = JSON.createObjectNode();
        b.set("approval", a);
        return new Reply(200, b);
    }

    /** The server's secretValue transform: trim, keeping one final newline. */
    private static String transformValue(String v) {
        return !v.isEmpty() && v.charAt(v.length() - 1) == '\n' ? v.trim() + "\n" : v.trim();
    }

    private Reply writeChecks(JsonNode body, String projectParam, boolean valueRequired) {
        Reply invalid = requireStrings(body, projectParam, "environment");
        if (invalid != null) {
            return invalid;
        }
        if (valueRequired && !body.path("secretValue").isTextual()) {
            return validation("secretValue", "invalid_type", "Required");
        }
        return checkProject(body.get(projectParam).asText().trim());
    }

    private Reply batchChecks(JsonNode body, String projectParam) {
        Reply invalid = requireStrings(body, projectParam, "environment");
        if (invalid != null) {
            return invalid;
        }
        if (!body.path("secrets").isArray() || body.get("secrets").isEmpty()) {
            return validation("secrets", "too_small", "Array must contain at least 1 element(s)");
        }
        return checkProject(body.get(projectParam).asText().trim());
    }

    private Reply checkName(String name) {
        if (name.trim().isEmpty()) {
            return validation("secretName", "too_small", "String must contain at least 1 character(s)");
        }
        if (name.contains(":") || name.contains("/")) {
            return validation("secretName", "custom", "Secret name cannot contain colon or forward slash.");
        }
        return null;
    }

    private Reply checkProject(String project) {
        if (!projectId.equals(project)) {
            return error(404, "NotFound", "Project with ID '" + project + "' not found");
        }
        return null;
    }

    private Reply requireStrings(JsonNode body, String... fields) {
        for (String f : fields) {
            if (!body.path(f).isTextual()) {
                return validation(f, "invalid_type", "Required");
            }
        }
        return null;
    }

    private Reply checkBooleans(Map<String, String> q, String... names) {
        for (String n : names) {
            String v = q.get(n);
            if (v != null && !v.equals("true") && !v.equals("false")) {
                return validation(
                        n, "invalid_enum_value", "Invalid enum value. Expected 'true' | 'false', received '" + v + "'");
            }
        }
        return null;
    }

    private Reply folderNotFound(String path, String env, String name) {
        return error(404, name, "Folder with path '" + path + "' in environment with slug '" + env + "' not found");
    }

    private Reply permissionDenied(String action) {
        ObjectNode b = JSON.createObjectNode();
        b.put("reqId", reqId());
        b.put("statusCode", 403);
        b.put("error", "PermissionDenied");
        b.put("message", "You are not allowed to " + action + " on secrets");
        ArrayNode details = JSON.createArrayNode();
        ObjectNode rule = JSON.createObjectNode();
        rule.put("action", action);
        rule.put("inverted", true);
        rule.put("subject", "secrets");
        rule.set("conditions", JSON.createObjectNode());
        details.add(rule);
        b.set("details", details);
        return new Reply(403, b);
    }

    private Reply validation(String field, String code, String message) {
        ObjectNode b = JSON.createObjectNode();
        b.put("reqId", reqId());
        b.put("statusCode", 422);
        b.put("error", "ValidationFailure");
        ArrayNode issues = JSON.createArrayNode();
        ObjectNode issue = JSON.createObjectNode();
        issue.put("code", code);
        ArrayNode path = JSON.createArrayNode();
        for (String part : field.split("\\.")) {
            path.add(part);
        }
        issue.set("path", path);
        issue.put("message", message);
        issues.add(issue);
        b.set("message", issues);
        return new Reply(422, b);
    }

    private Reply error(int status, String error, String message) {
        ObjectNode b = JSON.createObjectNode();
        b.put("reqId", reqId());
        b.put("statusCode", status);
        b.put("message", message);
        b.put("error", error);
        return new Reply(status, b);
    }

    private String reqId() {
        return "req-" + Long.toString(reqIds.incrementAndGet(), 36);
    }

    /** removeTrailingSlash, as the routes apply to secretPath. */
    private static String normalizePath(String p) {
        String t = p.trim();
        if (!t.startsWith("/")) {
            t = "/" + t;
        }
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    @Override
    public String toString() {
        return "InfisicalFake{" + siteUrl() + ", project " + projectId + "}";
    }
}
