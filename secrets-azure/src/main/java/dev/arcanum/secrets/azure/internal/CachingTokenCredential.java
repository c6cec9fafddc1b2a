package dev.arcanum.secrets.azure.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A {@link TokenCredential} that fetches tokens over HTTP and keeps each until {@link
 * #REFRESH_MARGIN} before it expires. One token per scope (the scope comes from Key Vault's
 * challenge). Thread-safe: concurrent callers for one scope share one fetch.
 *
 * <p>Failures name the endpoint and the HTTP status; never a token, a client secret, the identity
 * header or a response body.
 */
public abstract class CachingTokenCredential implements TokenCredential {
    /** A token is replaced this long before it expires. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, AccessToken> cache = new ConcurrentHashMap<>();

    CachingTokenCredential(HttpClient http, Duration timeout, Clock clock) {
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * @return a short name of the credential kind for messages, such as {@code managed identity}
     */
    public abstract String kind();

    /** Fetches a fresh token for the scope. */
    abstract AccessToken fetch(String scope);

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.fromCallable(() -> getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        List<String> scopes = request.getScopes();
        if (scopes == null || scopes.isEmpty()) {
            throw new SecretAccessDeniedException("No scope in the token request for the " + kind() + " credential");
        }
        String scope = scopes.get(0);
        AccessToken cached = cache.get(scope);
        if (fresh(cached)) {
            return cached;
        }
        synchronized (this) {
            cached = cache.get(scope);
            if (fresh(cached)) {
                return cached;
            }
            AccessToken token = fetch(scope);
            cache.put(scope, token);
            return token;
        }
    }

    private boolean fresh(AccessToken token) {
        return token != null
                && clock.instant()
                        .plus(REFRESH_MARGIN)
                        .isBefore(token.getExpiresAt().toInstant());
    }

    Instant now() {
        return clock.instant();
    }

    /** Sends the request; maps transport failures and error statuses to typed exceptions. */
    JsonNode send(HttpRequest.Builder request, String endpointForMessages, Function<JsonNode, String> errorCode) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new SecretProviderUnavailableException(
                    "The " + kind() + " token endpoint " + endpointForMessages + " did not answer within " + timeout,
                    e);
        } catch (IOException e) {
            throw new SecretProviderUnavailableException(
                    "Cannot reach the " + kind() + " token endpoint " + endpointForMessages + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretProviderUnavailableException(
                    "Interrupted while calling the " + kind() + " token endpoint " + endpointForMessages);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status != 200) {
            String code = body == null ? null : errorCode.apply(body);
            String detail = "HTTP " + status + (code == null ? "" : " (" + code + ")");
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                throw new SecretAccessDeniedException("The " + kind() + " token endpoint " + endpointForMessages
                        + " refused the token request: " + detail);
            }
            throw new SecretProviderUnavailableException(
                    "The " + kind() + " token endpoint " + endpointForMessages + " failed: " + detail);
        }
        if (body == null || !body.isObject()) {
            throw invalid(endpointForMessages, "the response is not a JSON object");
        }
        return body;
    }

    AccessToken token(JsonNode body, String endpointForMessages, Instant expiresAt) {
        JsonNode t = body.get("access_token");
        if (t == null || !t.isTextual() || t.asText().isBlank()) {
            throw invalid(endpointForMessages, "it has no access_token");
        }
        if (!expiresAt.isAfter(now())) {
            throw invalid(endpointForMessages, "its token has already expired");
        }
        return new AccessToken(t.asText(), expiresAt.atOffset(ZoneOffset.UTC));
    }

    /** Reads a number of seconds given as a JSON number or a numeric string; null if neither. */
    static Long seconds(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            String s = node.asText().trim();
            if (s.matches("\\d{1,12}")) {
                return Long.parseLong(s);
            }
        }
        return null;
    }

    SecretProviderUnavailableException invalid(String endpointForMessages, String why) {
        return new SecretProviderUnavailableException(
                "The " + kind() + " token endpoint " + endpointForMessages + " returned an unusable response: " + why);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return "TLS handshake failed (the server certificate is not trusted; add its CA to "
                        + "secrets.azure.ca-bundle)";
            }
        }
        return e.getClass().getSimpleName();
    }
}
