package dev.arcanum.secrets.azure.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful protocol fake of the Azure Key Vault secrets data plane, served over HTTPS by WireMock
 * on a random loopback port with a self-signed certificate made at start ({@code keytool}), plus the
 * two token endpoints a client needs.
 *
 * <p>What it follows, and where from:
 *
 * <ul>
 *   <li>Paths, query parameters, bodies and status codes: the Key Vault data-plane REST spec,
 *       Azure/azure-rest-api-specs {@code specification/keyvault/data-plane/Microsoft.KeyVault/stable/7.6/secrets.json}
 *       and its 7.5 examples ({@code GetSecret}, {@code SetSecret}, {@code DeleteSecret}, {@code
 *       GetSecrets}, {@code GetSecretVersions}, {@code GetDeletedSecret}, {@code PurgeDeletedSecret},
 *       {@code RecoverDeletedSecret}): {@code GET /secrets/{name}/{version}} (version optional, with
 *       or without the trailing slash — SDKs ask for the latest as {@code /secrets/{name}/}), {@code
 *       PUT /secrets/{name}} ({@code SecretSetParameters}), {@code DELETE /secrets/{name}} ({@code
 *       DeletedSecretBundle}), {@code GET /secrets} and {@code GET /secrets/{name}/versions} ({@code
 *       SecretListResult}: items without values, absolute {@code nextLink} with {@code
 *       $skiptoken} and {@code maxresults} 1–25), {@code GET|DELETE /deletedsecrets/{name}}, {@code
 *       POST /deletedsecrets/{name}/recover}. {@code api-version} is required on every call.
 *       Timestamps are Unix seconds; ids are {@code {vault}/secrets/{name}/{32-hex version}}.
 *   <li>Errors: {@code KeyVaultError} {@code {"error":{"code","message","innererror"}}}; 404 {@code
 *       SecretNotFound}; 403 {@code Forbidden}/{@code SecretDisabled} "Operation get is not allowed on
 *       a disabled secret."; 409 {@code Conflict}/{@code ObjectIsDeletedButRecoverable} when setting a
 *       soft-deleted name (Key Vault troubleshooting docs, and the .NET Key Vault secrets error
 *       sample); 429 {@code Throttled} (Key Vault throttling guidance). An expired secret ({@code
 *       exp} past) is still served, as the service does (Azure/AzureKeyVault issue 19).
 *   <li>Authentication: MicrosoftDocs "Authentication, requests and responses" for Key Vault — a
 *       request without {@code Authorization} gets 401 with {@code WWW-Authenticate: Bearer
 *       authorization="https://login.microsoftonline.com/{tenant}", resource="https://vault.azure.net"};
 *       the SDK's {@code KeyVaultCredentialPolicy} sends that first request with its body stripped.
 *       Tokens must be ones this fake issued and not expired.
 *   <li>Managed identity: App Service / Container Apps "Using the REST protocol" — {@code GET
 *       {IDENTITY_ENDPOINT}?resource=…&api-version=2019-08-01} with {@code X-IDENTITY-HEADER}, optional
 *       {@code client_id}; 200 {@code {access_token, expires_on, resource, token_type, client_id}}
 *       with {@code expires_on} a numeric string as in the documented sample (a JSON number when
 *       {@link #expiresOnAsNumber(boolean)}). Served at {@code /msi/token}.
 *   <li>Client credentials: Microsoft identity platform OAuth 2.0 client-credentials flow — {@code POST
 *       /{tenant}/oauth2/v2.0/token} with a form; 200 {@code {token_type, expires_in, ext_expires_in,
 *       access_token}}; a wrong secret gets 401 {@code {"error":"invalid_client",…}}.
 * </ul>
 *
 * <p>Faults for tests: {@link #failNext}, {@link #resetNext}, {@link #delayNext} act on the next
 * authorised data-plane requests; {@link #failTokenNext} and {@link #garbageTokenNext} on the token
 * endpoints. Every request is logged ({@link #requests()}).
 *
 * <p>Thread-safe. {@link #main(String[])} runs it from the command line.
 */
public final class KeyVaultFake implements AutoCloseable {
    /** The api-versions accepted, as Lowkey Vault and the service list them. */
    public static final Set<String> API_VERSIONS =
            Set.of("7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "2025-07-01");
    /** The tenant in the challenge and the client-credentials path. */
    public static final String TENANT = "00000000-0000-0000-0000-000000000000";
    /** The client id accepted by the client-credentials endpoint. */
    public static final String CLIENT_ID = "11111111-2222-3333-4444-555555555555";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SECRET_PATH = Pattern.compile("/secrets/([^/]+)(?:/([^/]*))?/?");
    private static final Pattern DELETED_PATH = Pattern.compile("/deletedsecrets/([^/]+)(/recover)?/?");
    private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");
    private static final Pattern CLIENT_TOKEN_PATH = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token");
    private static volatile KeyMaterial sharedMaterial;

    /**
     * One logged request: no bodies, no header values.
     *
     * @param method the HTTP method
     * @param path the raw path
     * @param query the decoded query parameters (first value of each)
     * @param authorized whether an {@code Authorization} header was sent
     * @param bodyBytes the length of the request body (0 for the SDK's stripped challenge request)
     */
    public record RecordedRequest(
            String method, String path, Map<String, String> query, boolean authorized, int bodyBytes) {}

    private final KeyMaterial material;
    private final WireMockServer server;
    private final String identityHeader = randomToken(24);
    private final String clientSecret = randomToken(24);
    private final List<RecordedRequest> log = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Entry> secrets = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, DeletedEntry> deleted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Deque<ResponseDefinition> faults = new ArrayDeque<>();
    private final Deque<ResponseDefinition> tokenFaults = new ArrayDeque<>();
    private final Deque<String> upcoming = new ArrayDeque<>(List.of(newToken(), newToken(), newToken(), newToken()));
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile int pageSize = 25;
    private volatile boolean expiresOnAsNumber;
    private Path bundleFile;

    private KeyVaultFake(KeyMaterial material) {
        this.material = material;
        this.server = new WireMockServer(options()
                .httpDisabled(true)
                .httpsPort(0)
                .bindAddress("127.0.0.1")
                .keystorePath(material.keystore.toString())
                .keystorePassword(material.password)
                .keyManagerPassword(material.password)
                .keystoreType("PKCS12")
                .extensions(new Handler()));
    }

    /**
     * Starts a fake with this JVM's shared self-signed certificate.
     *
     * @return the running fake
     */
    public static KeyVaultFake start() {
        KeyMaterial m = sharedMaterial;
        if (m == null) {
            synchronized (KeyVaultFake.class) {
                if (sharedMaterial == null) {
                    sharedMaterial = KeyMaterial.generate();
                }
                m = sharedMaterial;
            }
        }
        return start(m);
    }

    /**
     * Starts a fake with a certificate of its own, which no other fake's bundle trusts.
     *
     * @return the running fake
     */
    public static KeyVaultFake startWithOwnCertificate() {
        return start(KeyMaterial.generate());
    }

    private static KeyVaultFake start(KeyMaterial m) {
        KeyVaultFake fake = new KeyVaultFake(m);
        fake.server.start();
        fake.server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(Handler.NAME)));
        return fake;
    }

    /**
     * @return the vault URL, {@code https://localhost:<port>}
     */
    public String vaultUrl() {
        return "https://localhost:" + server.httpsPort();
    }

    /**
     * @return the managed-identity endpoint ({@code IDENTITY_ENDPOINT})
     */
    public String identityEndpoint() {
        return vaultUrl() + "/msi/token";
    }

    /**
     * @return the value the managed-identity endpoint expects in {@code X-IDENTITY-HEADER}
     */
    public String identityHeader() {
        return identityHeader;
    }

    /**
     * @return the authority host for the client-credentials flow (this fake)
     */
    public String authorityHost() {
        return vaultUrl();
    }

    /**
     * @return the client secret the client-credentials endpoint accepts
     */
    public String clientSecret() {
        return clientSecret;
    }

    /**
     * @return the PEM of the fake's self-signed certificate: the CA bundle to trust
     */
    public String caBundlePem() {
        return material.pem;
    }

    /**
     * @return a file holding {@link #caBundlePem()}, written once
     */
    public synchronized Path caBundleFile() {
        if (bundleFile == null) {
            try {
                bundleFile = Files.createTempFile("keyvault-fake-ca", ".pem");
                bundleFile.toFile().deleteOnExit();
                Files.writeString(bundleFile, material.pem);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bundleFile;
    }

    /**
     * @return every request so far, in order
     */
    public List<RecordedRequest> requests() {
        return List.copyOf(log);
    }

    /**
     * @return how many token requests (managed identity and client credentials) were served
     */
    public long tokenRequests() {
        return log.stream()
                .filter(r -> r.path().equals("/msi/token") || r.path().endsWith("/oauth2/v2.0/token"))
                .count();
    }

    /**
     * @return every access token issued so far (for a leak detector)
     */
    public Set<String> issuedTokens() {
        return Set.copyOf(tokens.keySet());
    }

    /**
     * Every token issued so far and the next few it will issue, so a leak detector set up before a
     * test also knows the tokens handed out during it.
     *
     * @return issued and upcoming tokens
     */
    public Set<String> knownTokens() {
        Set<String> all = new java.util.HashSet<>(tokens.keySet());
        synchronized (upcoming) {
            all.addAll(upcoming);
        }
        return all;
    }

    /**
     * @param clock the clock deciding token expiry and timestamps
     * @return this
     */
    public KeyVaultFake clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * @param lifetime how long issued tokens live
     * @return this
     */
    public KeyVaultFake tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /**
     * @param size page size when the client sends no {@code maxresults} (the service uses up to 25)
     * @return this
     */
    public KeyVaultFake pageSize(int size) {
        this.pageSize = size;
        return this;
    }

    /**
     * @param asNumber answer {@code expires_on} as a JSON number (as Lowkey Vault does) instead of a
     *     numeric string (as the documented sample does)
     * @return this
     */
    public KeyVaultFake expiresOnAsNumber(boolean asNumber) {
        this.expiresOnAsNumber = asNumber;
        return this;
    }

    /** Forgets every secret, deleted secret, fault and logged request; issued tokens stay valid. */
    public synchronized void reset() {
        secrets.clear();
        deleted.clear();
        faults.clear();
        tokenFaults.clear();
        log.clear();
    }

    /**
     * Answers the next {@code times} authorised data-plane requests with an error.
     *
     * @param times how many
     * @param status the HTTP status
     * @param code {@code error.code}
     * @param innerCode {@code error.innererror.code}, or null
     * @param headers extra response headers (for example {@code Retry-After})
     */
    public synchronized void failNext(
            int times, int status, String code, String innerCode, Map<String, String> headers) {
        for (int i = 0; i < times; i++) {
            ResponseDefinitionBuilder b = error(status, code, innerCode, code + " (injected by the fake)");
            headers.forEach(b::withHeader);
            faults.add(b.build());
        }
    }

    /**
     * Resets the connection of the next {@code times} authorised data-plane requests.
     *
     * @param times how many
     */
    public synchronized void resetNext(int times) {
        for (int i = 0; i < times; i++) {
            faults.add(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build());
        }
    }

    /**
     * Delays the next {@code times} authorised data-plane answers (a 200 with an empty list).
     *
     * @param times how many
     * @param delay how long
     */
    public synchronized void delayNext(int times, Duration delay) {
        for (int i = 0; i < times; i++) {
            faults.add(json(200, JSON.createObjectNode().set("value", JSON.createArrayNode()))
                    .withFixedDelay((int) delay.toMillis())
                    .build());
        }
    }

    /**
     * Fails the next token request with a status.
     *
     * @param status the HTTP status
     */
    public synchronized void failTokenNext(int status) {
        tokenFaults.add(aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"temporarily_unavailable\",\"error_description\":\"injected\"}")
                .build());
    }

    /** Answers the next token request with 200 and a body that is not a token response. */
    public synchronized void garbageTokenNext() {
        tokenFaults.add(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/html")
                .withBody("<html>gateway</html>")
                .build());
    }

    /**
     * Sets attributes of a secret's current version, as PATCH would.
     *
     * @param name the vault name
     * @param enabled {@code attributes.enabled}
     * @param exp {@code attributes.exp}, or null
     */
    public synchronized void setAttributes(String name, boolean enabled, Instant exp) {
        Version v = secrets.get(name).latest();
        v.enabled = enabled;
        v.exp = exp == null ? null : exp.getEpochSecond();
        v.updated = now();
    }

    /**
     * Stores a version directly, as another tool would, with a content type and tags.
     *
     * @param name the vault name
     * @param value the value
     * @param contentType the content type, or null
     * @param tags tags
     * @return the version id
     */
    public synchronized String seed(String name, String value, String contentType, Map<String, String> tags) {
        Version v = newVersion(name, value);
        v.contentType = contentType;
        v.tags = new LinkedHashMap<>(tags);
        return v.id;
    }

    /**
     * @return the vault names currently stored (not deleted)
     */
    public synchronized Set<String> names() {
        return Set.copyOf(secrets.keySet());
    }

    /**
     * @return the vault names soft-deleted and not purged
     */
    public synchronized Set<String> deletedNames() {
        return Set.copyOf(deleted.keySet());
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * Runs the fake until interrupted and prints how to point the {@code azure} provider at it.
     *
     * @param args ignored
     * @throws InterruptedException when stopped
     */
    public static void main(String[] args) throws InterruptedException {
        KeyVaultFake fake = start();
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        System.out.println("SECRETS_PROVIDER=azure");
        System.out.println("AZURE_KEYVAULT_URL=" + fake.vaultUrl());
        System.out.println("AZURE_IDENTITY_ENDPOINT=" + fake.identityEndpoint());
        System.out.println("AZURE_IDENTITY_HEADER=" + fake.identityHeader());
        System.out.println("SECRETS_AZURE_CA_BUNDLE=" + fake.caBundleFile());
        System.out.println("SECRETS_AZURE_DISABLE_CHALLENGE_RESOURCE_VERIFICATION=true");
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                fake.seed(a.substring(0, eq), a.substring(eq + 1), null, Map.of());
            }
        }
        Thread.currentThread().join();
    }

    // ---------------------------------------------------------------- handling

    private final class Handler implements ResponseDefinitionTransformerV2 {
        static final String NAME = "key-vault-fake";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request req = event.getRequest();
            URI uri = URI.create(req.getUrl());
            String path = uri.getRawPath();
            Map<String, String> query = query(uri.getRawQuery());
            String auth = req.getHeader("Authorization");
            byte[] body = req.getBody();
            log.add(new RecordedRequest(
                    req.getMethod().getName(), path, query, auth != null, body == null ? 0 : body.length));
            try {
                if (path.equals("/msi/token")) {
                    return managedIdentity(req, query);
                }
                Matcher ct = CLIENT_TOKEN_PATH.matcher(path);
                if (ct.matches()) {
                    return clientCredentials(req, ct.group(1));
                }
                return dataPlane(req, path, query, auth);
            } catch (RuntimeException e) {
                return error(
                                500,
                                "InternalServerError",
                                null,
                                "fake failure: " + e.getClass().getSimpleName())
                        .build();
            }
        }
    }

    private ResponseDefinition managedIdentity(Request req, Map<String, String> query) {
        synchronized (this) {
            if (!tokenFaults.isEmpty()) {
                return tokenFaults.poll();
            }
        }
        if (!"GET".equals(req.getMethod().getName())) {
            return tokenError(405, "invalid_request", "GET only");
        }
        if (!identityHeader.equals(req.getHeader("X-IDENTITY-HEADER"))) {
            return tokenError(401, "unauthorized", "missing or wrong X-IDENTITY-HEADER");
        }
        String resource = query.get("resource");
        if (resource == null || !"2019-08-01".equals(query.get("api-version"))) {
            return tokenError(400, "invalid_request", "resource and api-version=2019-08-01 are required");
        }
        Instant expires = clock.instant().plus(tokenLifetime);
        String token = issue(expires);
        ObjectNode body = JSON.createObjectNode();
        body.put("access_token", token);
        if (expiresOnAsNumber) {
            body.put("expires_on", expires.getEpochSecond());
        } else {
            body.put("expires_on", Long.toString(expires.getEpochSecond()));
        }
        body.put("resource", resource);
        body.put("token_type", "Bearer");
        body.put("client_id", query.getOrDefault("client_id", "5E29463D-71DA-4FE0-8E69-999B57DB23B0"));
        return json(200, body).build();
    }

    private ResponseDefinition clientCredentials(Request req, String tenant) {
        synchronized (this) {
            if (!tokenFaults.isEmpty()) {
                return tokenFaults.poll();
            }
        }
        Map<String, String> form = query(req.getBodyAsString());
        if (!"POST".equals(req.getMethod().getName()) || !"client_credentials".equals(form.get("grant_type"))) {
            return tokenError(400, "unsupported_grant_type", "AADSTS70003: grant_type must be client_credentials");
        }
        if (!TENANT.equals(tenant)) {
            return tokenError(400, "invalid_request", "AADSTS90002: Tenant not found.");
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            return tokenError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
        }
        if (form.get("scope") == null || !form.get("scope").endsWith("/.default")) {
            return tokenError(400, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid.");
        }
        String token = issue(clock.instant().plus(tokenLifetime));
        ObjectNode body = JSON.createObjectNode();
        body.put("token_type", "Bearer");
        body.put("expires_in", tokenLifetime.toSeconds());
        body.put("ext_expires_in", tokenLifetime.toSeconds());
        body.put("access_token", token);
        return json(200, body).build();
    }

    private String issue(Instant expires) {
        String token;
        synchronized (upcoming) {
            token = upcoming.poll();
            upcoming.add(newToken());
        }
        tokens.put(token, expires);
        return token;
    }

    private static String newToken() {
        return "fake-kv-token-" + randomToken(24);
    }

    private ResponseDefinition dataPlane(Request req, String path, Map<String, String> query, String auth) {
        String apiVersion = query.get("api-version");
        if (apiVersion == null || !API_VERSIONS.contains(apiVersion)) {
            return error(400, "BadParameter", null, "The request URI contains an invalid or missing api-version")
                    .build();
        }
        if (auth == null || !auth.startsWith("Bearer ") || !validToken(auth.substring(7))) {
            // The challenge: the SDK's first request carries no token and no body.
            return error(401, "Unauthorized", null, "AKV10000: Request is missing a Bearer or PoP token.")
                    .withHeader(
                            "WWW-Authenticate",
                            "Bearer authorization=\"https://login.microsoftonline.com/" + TENANT
                                    + "\", resource=\"https://vault.azure.net\"")
                    .build();
        }
        synchronized (this) {
            if (!faults.isEmpty()) {
                return faults.poll();
            }
            String method = req.getMethod().getName();
            if (path.equals("/secrets") || path.equals("/secrets/")) {
                return "GET".equals(method) ? listSecrets(query, apiVersion) : notAllowed();
            }
            Matcher d = DELETED_PATH.matcher(path);
            if (d.matches()) {
                return deletedSecret(method, decode(d.group(1)), d.group(2) != null);
            }
            Matcher m = SECRET_PATH.matcher(path);
            if (!m.matches()) {
                return error(404, "NotFound", null, "No route for " + path).build();
            }
            String name = decode(m.group(1));
            String second = m.group(2) == null ? "" : m.group(2);
            if (second.equals("versions")) {
                return "GET".equals(method) ? listVersions(name, query, apiVersion) : notAllowed();
            }
            switch (method) {
                case "GET":
                    return getSecret(name, second);
                case "PUT":
                    return second.isEmpty() ? setSecret(name, req.getBodyAsString()) : notAllowed();
                case "DELETE":
                    return second.isEmpty() ? deleteSecret(name) : notAllowed();
                default:
                    return notAllowed();
            }
        }
    }

    private boolean validToken(String token) {
        Instant exp = tokens.get(token);
        return exp != null && clock.instant().isBefore(exp);
    }

    private ResponseDefinition getSecret(String name, String version) {
        Entry e = secrets.get(name);
        if (e == null) {
            return notFound(name);
        }
        Version v = version.isEmpty() ? e.latest() : e.find(version);
        if (v == null) {
            return error(
                            404,
                            "SecretNotFound",
                            null,
                            "A secret with (name/id) " + name + "/" + version + " was not found in this key vault.")
                    .build();
        }
        if (!v.enabled) {
            return error(403, "Forbidden", "SecretDisabled", "Operation get is not allowed on a disabled secret.")
                    .build();
        }
        ObjectNode body = bundle(e, v, true);
        return json(200, body).build();
    }

    private ResponseDefinition setSecret(String name, String rawBody) {
        if (!NAME.matcher(name).matches()) {
            return error(400, "BadParameter", null, "The request URI contains an invalid name: " + name)
                    .build();
        }
        if (deleted.containsKey(name)) {
            return error(
                            409,
                            "Conflict",
                            "ObjectIsDeletedButRecoverable",
                            "Secret " + name
                                    + " is currently in a deleted but recoverable state, and its name cannot be reused; in"
                                    + " this state, the secret can only be recovered or purged.")
                    .build();
        }
        JsonNode body;
        try {
            body = JSON.readTree(rawBody);
        } catch (IOException ex) {
            body = null;
        }
        if (body == null || !body.path("value").isTextual()) {
            return error(400, "BadParameter", null, "Property value is required.")
                    .build();
        }
        String value = body.get("value").asText();
        if (value.getBytes(StandardCharsets.UTF_8).length > 25 * 1024) {
            return error(400, "BadParameter", null, "Secret value is too large.")
                    .build();
        }
        Version v = newVersion(name, value);
        if (body.path("contentType").isTextual()) {
            v.contentType = body.get("contentType").asText();
        }
        if (body.path("tags").isObject()) {
            body.get("tags")
                    .fields()
                    .forEachRemaining(f -> v.tags.put(f.getKey(), f.getValue().asText()));
        }
        JsonNode attrs = body.path("attributes");
        if (attrs.path("enabled").isBoolean()) {
            v.enabled = attrs.get("enabled").asBoolean();
        }
        if (attrs.path("exp").isIntegralNumber()) {
            v.exp = attrs.get("exp").asLong();
        }
        if (attrs.path("nbf").isIntegralNumber()) {
            v.nbf = attrs.get("nbf").asLong();
        }
        return json(200, bundle(secrets.get(name), v, true)).build();
    }

    private Version newVersion(String name, String value) {
        Entry e = secrets.computeIfAbsent(name, Entry::new);
        Version v = new Version();
        v.id = randomHex();
        v.value = value;
        v.created = now();
        v.updated = v.created;
        e.versions.add(v);
        return v;
    }

    private ResponseDefinition deleteSecret(String name) {
        Entry e = secrets.remove(name);
        if (e == null) {
            return notFound(name);
        }
        DeletedEntry d = new DeletedEntry(e, now());
        deleted.put(name, d);
        return json(200, deletedBundle(d)).build();
    }

    private ResponseDefinition deletedSecret(String method, String name, boolean recover) {
        DeletedEntry d = deleted.get(name);
        if (d == null) {
            return error(404, "SecretNotFound", null, "Deleted Secret not found: " + name)
                    .build();
        }
        if (recover) {
            if (!"POST".equals(method)) {
                return notAllowed();
            }
            deleted.remove(name);
            secrets.put(name, d.entry);
            return json(200, bundle(d.entry, d.entry.latest(), false)).build();
        }
        switch (method) {
            case "GET":
                return json(200, deletedBundle(d)).build();
            case "DELETE":
                deleted.remove(name);
                return aResponse().withStatus(204).build();
            default:
                return notAllowed();
        }
    }

    private ResponseDefinition listSecrets(Map<String, String> query, String apiVersion) {
        List<ObjectNode> items = new ArrayList<>();
        for (Entry e : secrets.values()) {
            ObjectNode item = item(e, e.latest());
            item.put("id", vaultUrl() + "/secrets/" + e.name);
            items.add(item);
        }
        return page(items, query, "/secrets", apiVersion);
    }

    private ResponseDefinition listVersions(String name, Map<String, String> query, String apiVersion) {
        Entry e = secrets.get(name);
        if (e == null) {
            return notFound(name);
        }
        List<ObjectNode> items = new ArrayList<>();
        for (Version v : e.versions) {
            items.add(item(e, v));
        }
        return page(items, query, "/secrets/" + e.name + "/versions", apiVersion);
    }

    private ResponseDefinition page(List<ObjectNode> items, Map<String, String> query, String path, String apiVersion) {
        int size = pageSize;
        if (query.containsKey("maxresults")) {
            try {
                size = Integer.parseInt(query.get("maxresults"));
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > 25) {
                return error(400, "BadParameter", null, "maxresults must be between 1 and 25")
                        .build();
            }
        }
        int offset = 0;
        String skip = query.get("$skiptoken");
        if (skip != null) {
            try {
                offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(skip), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return error(400, "BadParameter", null, "Invalid $skiptoken").build();
            }
        }
        ObjectNode body = JSON.createObjectNode();
        var array = body.putArray("value");
        int end = Math.min(items.size(), offset + size);
        for (int i = offset; i < end; i++) {
            array.add(items.get(i));
        }
        if (end < items.size()) {
            String token = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8));
            body.put(
                    "nextLink",
                    vaultUrl() + path + "?api-version=" + apiVersion + "&$skiptoken=" + token + "&maxresults=" + size);
        } else {
            body.putNull("nextLink");
        }
        return json(200, body).build();
    }

    private ObjectNode bundle(Entry e, Version v, boolean withValue) {
        ObjectNode b = JSON.createObjectNode();
        if (withValue) {
            b.put("value", v.value);
        }
        b.put("id", vaultUrl() + "/secrets/" + e.name + "/" + v.id);
        if (v.contentType != null) {
            b.put("contentType", v.contentType);
        }
        b.set("attributes", attributes(v));
        if (!v.tags.isEmpty()) {
            ObjectNode tags = b.putObject("tags");
            v.tags.forEach(tags::put);
        }
        return b;
    }

    private ObjectNode item(Entry e, Version v) {
        ObjectNode b = JSON.createObjectNode();
        b.put("id", vaultUrl() + "/secrets/" + e.name + "/" + v.id);
        if (v.contentType != null) {
            b.put("contentType", v.contentType);
        }
        b.set("attributes", attributes(v));
        if (!v.tags.isEmpty()) {
            ObjectNode tags = b.putObject("tags");
            v.tags.forEach(tags::put);
        }
        return b;
    }

    private ObjectNode deletedBundle(DeletedEntry d) {
        ObjectNode b = bundle(d.entry, d.entry.latest(), false);
        b.put("recoveryId", vaultUrl() + "/deletedsecrets/" + d.entry.name);
        b.put("deletedDate", d.deletedDate);
        b.put("scheduledPurgeDate", d.deletedDate + 90L * 24 * 3600);
        return b;
    }

    private ObjectNode attributes(Version v) {
        ObjectNode a = JSON.createObjectNode();
        a.put("enabled", v.enabled);
        if (v.nbf != null) {
            a.put("nbf", v.nbf);
        }
        if (v.exp != null) {
            a.put("exp", v.exp);
        }
        a.put("created", v.created);
        a.put("updated", v.updated);
        a.put("recoverableDays", 90);
        a.put("recoveryLevel", "Recoverable+Purgeable");
        return a;
    }

    private ResponseDefinition notFound(String name) {
        return error(
                        404,
                        "SecretNotFound",
                        null,
                        "A secret with (name/id) " + name
                                + " was not found in this key vault. If you recently deleted this secret you may be able to"
                                + " recover it using the correct recovery command. For help resolving this issue, please see"
                                + " https://go.microsoft.com/fwlink/?linkid=2125182")
                .build();
    }

    private static ResponseDefinition notAllowed() {
        return error(405, "MethodNotAllowed", null, "The method is not allowed for this resource.")
                .build();
    }

    private static ResponseDefinitionBuilder error(int status, String code, String inner, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (inner != null) {
            error.putObject("innererror").put("code", inner);
        }
        return json(status, body);
    }

    private static ResponseDefinition tokenError(int status, String error, String description) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error);
        body.put("error_description", description);
        return json(status, body).build();
    }

    private static ResponseDefinitionBuilder json(int status, JsonNode body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("x-ms-keyvault-service-version", "1.9.0.0")
                .withBody(body.toString());
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : decode(part.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String randomHex() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format(Locale.ROOT, "%02x", x));
        }
        return sb.toString();
    }

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static final class Entry {
        final String name;
        final List<Version> versions = new ArrayList<>();

        Entry(String name) {
            this.name = name;
        }

        Version latest() {
            return versions.get(versions.size() - 1);
        }

        Version find(String id) {
            for (Version v : versions) {
                if (v.id.equalsIgnoreCase(id)) {
                    return v;
                }
            }
            return null;
        }
    }

    private static final class Version {
        String id;
        String value;
        String contentType;
        Map<String, String> tags = new LinkedHashMap<>();
        boolean enabled = true;
        Long exp;
        Long nbf;
        long created;
        long updated;
    }

    private static final class DeletedEntry {
        final Entry entry;
        final long deletedDate;

        DeletedEntry(Entry entry, long deletedDate) {
            this.entry = entry;
            this.deletedDate = deletedDate;
        }
    }

    /** A PKCS12 key store with a fresh self-signed certificate for localhost and 127.0.0.1. */
    private static final class KeyMaterial {
        final Path keystore;
        final String password;
        final String pem;

        private KeyMaterial(Path keystore, String password, String pem) {
            this.keystore = keystore;
            this.password = password;
            this.pem = pem;
        }

        static KeyMaterial generate() {
            try {
                Path dir = Files.createTempDirectory("keyvault-fake");
                dir.toFile().deleteOnExit();
                Path ks = dir.resolve("server.p12");
                ks.toFile().deleteOnExit();
                String password = randomToken(12);
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool")
                        .toString();
                Process p = new ProcessBuilder(
                                keytool,
                                "-genkeypair",
                                "-alias",
                                "server",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=localhost",
                                "-ext",
                                "SAN=dns:localhost,ip:127.0.0.1",
                                "-validity",
                                "2",
                                "-keystore",
                                ks.toString(),
                                "-storetype",
                                "PKCS12",
                                "-storepass",
                                password,
                                "-keypass",
                                password)
                        .redirectErrorStream(true)
                        .start();
                String out;
                try (InputStream in = p.getInputStream()) {
                    out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + out);
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(ks)) {
                    store.load(in, password.toCharArray());
                }
                Certificate cert = store.getCertificate("server");
                String pem = "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
                return new KeyMaterial(ks, password, pem);
            } catch (IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot make the fake's certificate", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted making the fake's certificate", e);
            }
        }
    }
}
