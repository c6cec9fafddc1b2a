package dev.arcanum.secrets.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vault's HTTP API over the JDK client: headers, token lifecycle, retries and the mapping of Vault's
 * {@code {"errors":[…]}} responses to the typed exceptions. Thread-safe.
 *
 * <p>Messages name the method, the Vault path and the status; they never carry the token, and never
 * the body of a write or Vault's reply to one.
 */
final class VaultClient {
    private static final Logger LOG = LoggerFactory.getLogger(VaultClient.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 200;

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One HTTP call to Vault: {@code path} is relative to {@code /v1/} and may carry a query. */
    record Call(String method, String path, ObjectNode body, boolean write, boolean authenticated, boolean namespaced) {
        static Call read(String path) {
            return new Call("GET", path, null, false, true, true);
        }

        static Call write(String method, String path, ObjectNode body) {
            return new Call(method, path, body, true, true, true);
        }

        String shownPath() {
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }
    }

    /** A response Vault sent: 2xx, 400 or 404 (the statuses callers give meaning to). */
    record Response(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode data() {
            return body == null ? null : body.get("data");
        }

        List<String> errors() {
            List<String> out = new ArrayList<>();
            JsonNode e = body == null ? null : body.get("errors");
            if (e != null && e.isArray()) {
                e.forEach(n -> out.add(n.asText()));
            }
            return out;
        }
    }

    private final VaultOptions options;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;

    private final Object authLock = new Object();
    private String token;
    private Instant renewAt;
    private boolean warnedRenewal;

    VaultClient(VaultOptions options, HttpClient http, Clock clock, Sleeper sleeper, DoubleSupplier jitter) {
        this.options = options;
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    /**
     * Sends a call, retrying 429, 5xx and I/O failures; a 403 on an authenticated call triggers one
     * re-login (where the auth method can log in again) and then {@link SecretAccessDeniedException}.
     *
     * @return a 2xx, 400 or 404 response
     */
    Response execute(Call call) {
        String used = call.authenticated() ? token() : null;
        Response r = attempt(call, used);
        if (r.status() == 403 && call.authenticated() && relogin(used)) {
            r = attempt(call, token());
        }
        return check(call, r);
    }

    /** Sends once, unauthenticated, and returns every status to the caller (health). */
    HttpResponse<byte[]> probe(Call call) throws IOException, InterruptedException {
        return http.send(request(call, null), HttpResponse.BodyHandlers.ofByteArray());
    }

    private Response check(Call call, Response r) {
        int s = r.status();
        if (r.ok() || s == 400 || s == 404) {
            return r;
        }
        if (s == 403) {
            throw new SecretAccessDeniedException("Vault denied " + call.method() + " " + call.shownPath()
                    + " (HTTP 403" + reason(call, r.body()) + "); check the token's policies"
                    + (options.namespace == null ? "" : " and the namespace '" + options.namespace + "'"));
        }
        if (s == 501) {
            throw new SecretProviderUnavailableException(
                    "Vault at " + options.address + " is not initialized (HTTP 501 for " + call.shownPath() + ")");
        }
        throw new SecretException(
                "Vault " + call.method() + " " + call.shownPath() + " failed: HTTP " + s + reason(call, r.body()));
    }

    /** A SecretException for a 400 the caller did not expect. */
    SecretException rejected(Call call, Response r) {
        return new SecretException("Vault rejected " + call.method() + " " + call.shownPath() + ": HTTP " + r.status()
                + reason(call, r.body()));
    }

    private Response attempt(Call call, String withToken) {
        for (int attempt = 1; ; attempt++) {
            String failure;
            Duration retryAfter = null;
            try {
                HttpResponse<byte[]> resp =
                        http.send(request(call, withToken), HttpResponse.BodyHandlers.ofByteArray());
                int status = resp.statusCode();
                JsonNode body = parse(call, status, resp.body());
                if (!retryable(status)) {
                    return new Response(status, body);
                }
                retryAfter = retryAfter(resp.headers());
                failure = "HTTP " + status + reason(call, body);
            } catch (HttpTimeoutException e) {
                failure = "no response within " + options.requestTimeout.toMillis() + "ms";
            } catch (SSLException e) {
                // A certificate Vault's TLS setup and ours disagree on does not heal by retrying.
                throw new SecretProviderUnavailableException(
                        "TLS with Vault at " + options.address + " failed for "
                                + call.method() + " " + call.shownPath() + " ("
                                + e.getClass().getSimpleName()
                                + "); check " + VaultSettings.CA_CERT.displayName() + " and the server certificate",
                        e);
            } catch (IOException e) {
                failure = "I/O error (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + shorten(e.getMessage())) + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SecretProviderUnavailableException(
                        "Interrupted while calling Vault " + call.method() + " " + call.shownPath(), e);
            }
            String what = "Vault " + call.method() + " " + call.shownPath() + ": " + failure;
            if (attempt >= options.maxAttempts) {
                throw new SecretProviderUnavailableException(
                        what + " (gave up after " + attempt + (attempt == 1 ? " attempt)" : " attempts)"));
            }
            if (retryAfter != null && retryAfter.compareTo(options.maxBackoff) > 0) {
                throw new SecretProviderUnavailableException(what + "; Vault asks to retry after "
                        + retryAfter.toSeconds() + "s, longer than " + VaultSettings.RETRY_MAX_BACKOFF.property()
                        + " (" + options.maxBackoff.toMillis() + "ms)");
            }
            Duration wait = retryAfter != null ? retryAfter : backoff(attempt);
            LOG.debug("{}; attempt {} of {}, retrying in {}ms", what, attempt, options.maxAttempts, wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SecretProviderUnavailableException(what + " (interrupted while waiting to retry)", e);
            }
        }
    }

    private static boolean retryable(int status) {
        // 412: Enterprise eventual-consistency precondition, documented as "retry with backoff".
        return status == 429 || status == 412 || (status >= 500 && status != 501);
    }

    /** Exponential backoff with equal jitter: half the step is fixed, half random. */
    Duration backoff(int attempt) {
        long base = options.initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        base = Math.min(base, options.maxBackoff.toMillis());
        long half = base / 2;
        return Duration.ofMillis(half + (long) (half * jitter.getAsDouble()));
    }

    private Duration retryAfter(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After");
        if (v.isEmpty()) {
            return null;
        }
        String text = v.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private JsonNode parse(Call call, int status, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            if (status >= 200 && status < 300) {
                // Never the body itself: it may hold a value.
                throw new SecretProviderUnavailableException("Vault " + call.method() + " " + call.shownPath()
                        + " returned HTTP " + status + " with a body that is not JSON (a proxy in between?)");
            }
            return null; // an HTML error page from a proxy: the status says enough
        }
    }

    private HttpRequest request(Call call, String withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/v1/" + call.path()))
                .timeout(options.requestTimeout)
                .header("X-Vault-Request", "true")
                .header("Accept", "application/json");
        if (withToken != null) {
            b.header("X-Vault-Token", withToken);
        }
        if (call.namespaced() && options.namespace != null) {
            b.header("X-Vault-Namespace", options.namespace + "/");
        }
        if (call.body() != null) {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(call.body());
            } catch (JsonProcessingException e) {
                throw new SecretException("Could not encode the request to " + call.shownPath(), e);
            }
            b.header("Content-Type", "application/json");
            b.method(call.method(), HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            b.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private String base() {
        String a = options.address.toString();
        return a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
    }

    /** Vault's own error text, for reads only: a write's reply is never repeated. */
    private static String reason(Call call, JsonNode body) {
        if (call.write() || body == null || !body.has("errors")) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        body.get("errors").forEach(n -> parts.add(shorten(n.asText())));
        return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
    }

    private static String shorten(String s) {
        String t = s.replaceAll("[\\r\\n\\t]+", " ").trim();
        return t.length() > MAX_ERROR_TEXT ? t.substring(0, MAX_ERROR_TEXT) + "…" : t;
    }

    // ---------------------------------------------------------------- token lifecycle

    /** The current token: logs in on first use, renews it once two thirds of its TTL have passed. */
    String token() {
        synchronized (authLock) {
            if (token == null) {
                login();
            } else if (renewAt != null && !clock.instant().isBefore(renewAt)) {
                renewOrLogin();
            }
            return token;
        }
    }

    private boolean canLogin() {
        return options.authMethod != VaultOptions.AuthMethod.TOKEN || options.tokenFile != null;
    }

    /** After a 403: logs in once more if the failed token is still the current one and login is possible. */
    private boolean relogin(String failed) {
        synchronized (authLock) {
            if (!canLogin()) {
                return false;
            }
            if (token != null && !token.equals(failed)) {
                return true; // another thread already logged in again
            }
            String before = token;
            login();
            return !token.equals(before);
        }
    }

    private void renewOrLogin() {
        Response r = executeRawForAuth(
                new Call("POST", "auth/token/renew-self", JSON.createObjectNode(), true, true, true), token);
        JsonNode auth = r.body() == null ? null : r.body().get("auth");
        if (r.ok() && auth != null) {
            schedule(
                    auth.path("lease_duration").asLong(0),
                    auth.path("renewable").asBoolean(false));
            LOG.debug(
                    "Renewed the Vault token; lease {}s",
                    auth.path("lease_duration").asLong(0));
            return;
        }
        if (canLogin()) {
            LOG.debug("Vault refused to renew the token (HTTP {}); logging in again", r.status());
            login();
            return;
        }
        renewAt = null;
        if (!warnedRenewal) {
            warnedRenewal = true;
            LOG.warn(
                    "Vault refused to renew the token (HTTP {}) and token auth cannot log in again;"
                            + " calls fail once it expires",
                    r.status());
        }
    }

    private void login() {
        switch (options.authMethod) {
            case TOKEN:
                token = options.token != null
                        ? options.token
                        : readFile(options.tokenFile, VaultSettings.TOKEN_FILE.displayName());
                lookupSelf();
                return;
            case APPROLE: {
                ObjectNode body = JSON.createObjectNode();
                body.put("role_id", options.roleId);
                body.put(
                        "secret_id",
                        options.secretId != null
                                ? options.secretId
                                : readFile(options.secretIdFile, VaultSettings.APPROLE_SECRET_ID_FILE.displayName()));
                loginWith(body);
                return;
            }
            default: {
                ObjectNode body = JSON.createObjectNode();
                body.put("role", options.kubernetesRole);
                body.put("jwt", readFile(options.jwtFile, VaultSettings.KUBERNETES_JWT_FILE.displayName()));
                loginWith(body);
            }
        }
    }

    private void loginWith(ObjectNode body) {
        String path = "auth/" + options.authMount + "/login";
        Response r = executeRawForAuth(new Call("POST", path, body, true, false, true), null);
        JsonNode auth = r.body() == null ? null : r.body().get("auth");
        if (!r.ok() || auth == null || !auth.hasNonNull("client_token")) {
            throw new SecretAccessDeniedException(
                    "Vault refused the " + options.authMethod.name().toLowerCase(java.util.Locale.ROOT)
                            + " login at " + path + " (HTTP " + r.status() + "); check the role and its credentials"
                            + (options.namespace == null ? "" : " in namespace '" + options.namespace + "'"));
        }
        token = auth.get("client_token").asText();
        schedule(auth.path("lease_duration").asLong(0), auth.path("renewable").asBoolean(false));
        LOG.debug(
                "Logged in to Vault at {}; lease {}s",
                path,
                auth.path("lease_duration").asLong(0));
    }

    /** Learns a static token's TTL so it can be renewed; a token that may not look itself up is used as is. */
    private void lookupSelf() {
        Response r = executeRawForAuth(new Call("GET", "auth/token/lookup-self", null, false, true, true), token);
        JsonNode data = r.data();
        if (r.ok() && data != null) {
            schedule(data.path("ttl").asLong(0), data.path("renewable").asBoolean(false));
        } else {
            renewAt = null;
        }
    }

    private Response executeRawForAuth(Call call, String withToken) {
        Response r = attempt(call, withToken);
        if (r.status() == 501) {
            check(call, r);
        }
        return r;
    }

    private void schedule(long leaseSeconds, boolean renewable) {
        renewAt = leaseSeconds > 0 && renewable ? clock.instant().plusSeconds(Math.max(1, leaseSeconds * 2 / 3)) : null;
    }

    private static String readFile(Path file, String setting) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (s.isEmpty()) {
                throw new SecretConfigurationException(setting + ": the file " + file + " is empty");
            }
            return s;
        } catch (IOException e) {
            throw new SecretConfigurationException(
                    setting + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
