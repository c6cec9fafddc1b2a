package dev.arcanum.secrets.infisical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.spi.TlsTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one API call with the JDK {@link HttpClient}: bearer token, JSON body, bounded retries of
 * 429 and 5xx (honouring the wait a 429 asks for), and one fresh login when the token is refused.
 *
 * <p>Thread-safe. Never logs or throws a body, a token or a value: messages carry the method, the
 * path, the status, the server's {@code error} and {@code message} and its {@code reqId}.
 */
final class InfisicalTransport {
    private static final Logger LOG = LoggerFactory.getLogger(InfisicalTransport.class);

    /** The rate limiter's text (backend/src/server/config/rateLimiter.ts). */
    private static final Pattern TRY_AGAIN = Pattern.compile("try again in (\\d+) seconds?");

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    static final ObjectMapper JSON = new ObjectMapper();

    private final InfisicalConfig config;
    private final HttpClient http;
    private final Sleeper sleeper;
    private volatile InfisicalTokens tokens;

    InfisicalTransport(InfisicalConfig config, HttpClient http, Sleeper sleeper) {
        this.config = config;
        this.http = http;
        this.sleeper = sleeper;
    }

    void tokens(InfisicalTokens tokens) {
        this.tokens = tokens;
    }

    /** Builds the client: HTTP/2 where TLS offers it, the CA bundle when one is set, never trust-all. */
    static HttpClient newHttpClient(InfisicalConfig config) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // h2c upgrade over plain http (loopback only) buys nothing and confuses some proxies.
                .version(
                        "https".equalsIgnoreCase(config.site.getScheme())
                                ? HttpClient.Version.HTTP_2
                                : HttpClient.Version.HTTP_1_1);
        if (config.caBundle != null) {
            b.sslContext(sslContextTrusting(config));
        }
        return b.build();
    }

    private static SSLContext sslContextTrusting(InfisicalConfig config) {
        try {
            return TlsTrust.sslContext(config.caBundle);
        } catch (SecretConfigurationException e) {
            throw new SecretConfigurationException(
                    "Provider 'infisical': " + InfisicalSettings.CA_BUNDLE.displayName() + " is unusable: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Sends a call with the bearer token, retrying 429/5xx, and logging in once more if the token
     * is refused (401, or 403 {@code TokenError}).
     *
     * @param method GET, POST, PATCH or DELETE
     * @param path the path after the site, for example {@code /api/v4/secrets/DB}
     * @param query query parameters, in order; null values are left out
     * @param body the JSON body, or null
     * @return the final answer; a 4xx is returned, not thrown (the caller knows what it means)
     * @throws SecretProviderUnavailableException when the site cannot be reached or keeps failing
     */
    ApiResponse call(String method, String path, Map<String, String> query, JsonNode body) {
        return send(method, path, query, body, true, config.maxRetries);
    }

    /** As {@link #call} with a retry budget of its own (health checks use 0). */
    ApiResponse call(String method, String path, Map<String, String> query, JsonNode body, int maxRetries) {
        return send(method, path, query, body, true, maxRetries);
    }

    /** An unauthenticated call (login, renew). */
    ApiResponse callWithoutToken(String method, String path, JsonNode body) {
        return send(method, path, Map.of(), body, false, config.maxRetries);
    }

    private ApiResponse send(
            String method, String path, Map<String, String> query, JsonNode body, boolean authenticated, int retries) {
        URI uri = uri(path, query);
        boolean reauthenticated = false;
        int attempt = 0;
        while (true) {
            String token = authenticated ? tokens.token() : null;
            HttpRequest request = request(method, uri, body, token);
            HttpResponse<String> raw;
            try {
                raw = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (attempt < retries && retryable(method, e)) {
                    pause(backoff(attempt), method, path, e.getClass().getSimpleName());
                    attempt++;
                    continue;
                }
                throw new SecretProviderUnavailableException(
                        "Infisical at " + config.site + " did not answer " + method + " " + path + ": " + describe(e)
                                + (attempt > 0 ? " (after " + attempt + " retries)" : ""),
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SecretProviderUnavailableException(
                        "Interrupted while calling Infisical " + method + " " + path, e);
            }
            ApiResponse response = parse(method, path, raw);
            int status = response.status();
            if (status == 429) {
                Duration wait = rateLimitWait(raw, response);
                if (attempt < retries && wait.compareTo(config.maxRetryWait) <= 0) {
                    pause(wait, method, path, "429");
                    attempt++;
                    continue;
                }
                throw new RateLimitedException("Infisical rate-limited " + method + " " + path + ": "
                        + response.describe()
                        + (attempt >= retries
                                ? (attempt > 0 ? " (after " + attempt + " retries)" : "")
                                : "; the wait asked for is longer than "
                                        + InfisicalSettings.MAX_RETRY_WAIT.displayName() + " (" + config.maxRetryWait
                                        + ")"));
            }
            if (status >= 500) {
                if (attempt < retries) {
                    pause(backoff(attempt), method, path, Integer.toString(status));
                    attempt++;
                    continue;
                }
                throw new SecretProviderUnavailableException("Infisical failed " + method + " " + path + ": "
                        + response.describe() + (attempt > 0 ? " (after " + attempt + " retries)" : ""));
            }
            if (authenticated && !reauthenticated && tokenRefused(response) && tokens.canLogIn()) {
                // A token revoked or expired early: one fresh login, then the caller sees the answer.
                LOG.debug("Infisical refused the access token on {} {} ({}); logging in again", method, path, status);
                tokens.invalidate(token);
                reauthenticated = true;
                continue;
            }
            return response;
        }
    }

    static boolean tokenRefused(ApiResponse r) {
        return r.status() == 401 || (r.status() == 403 && "TokenError".equals(r.error()));
    }

    private ApiResponse parse(String method, String path, HttpResponse<String> raw) {
        String text = raw.body();
        JsonNode json = null;
        if (text != null && !text.isBlank()) {
            try {
                json = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                if (raw.statusCode() >= 200 && raw.statusCode() < 300) {
                    // Never quote the body: it may hold values.
                    throw new SecretProviderUnavailableException("Infisical answered " + method + " " + path
                            + " with a body that is not valid JSON (status " + raw.statusCode()
                            + "); is " + config.site + " an Infisical server, or a proxy in front of it?");
                }
            }
        }
        if (json == null && raw.statusCode() >= 200 && raw.statusCode() < 300) {
            throw new SecretProviderUnavailableException("Infisical answered " + method + " " + path
                    + " with an empty body (status " + raw.statusCode() + ")");
        }
        return new ApiResponse(raw.statusCode(), json);
    }

    /** The wait a 429 asks for: the Retry-After header, else "try again in N seconds" in the message. */
    private static Duration rateLimitWait(HttpResponse<String> raw, ApiResponse response) {
        Optional<String> header = raw.headers().firstValue("retry-after");
        if (header.isPresent() && header.get().trim().matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(header.get().trim()));
        }
        Matcher m = TRY_AGAIN.matcher(response.message());
        if (m.find()) {
            return Duration.ofSeconds(Long.parseLong(m.group(1)));
        }
        return Duration.ofSeconds(1);
    }

    private Duration backoff(int attempt) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt, 10));
        return d.compareTo(config.maxRetryWait) > 0 ? config.maxRetryWait : d;
    }

    /**
     * A read can always be repeated; a write only when it surely never reached the server (connect
     * refused or timed out): a reset after sending could mean it was applied.
     */
    private static boolean retryable(String method, IOException e) {
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            return true;
        }
        return method.equals("GET");
    }

    private void pause(Duration wait, String method, String path, String why) {
        LOG.debug("Infisical {} {} answered {}; retrying in {}", method, path, why, wait);
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecretProviderUnavailableException(
                    "Interrupted while waiting to retry Infisical " + method + " " + path, e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timed out (" + e.getClass().getSimpleName() + ")";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }

    private HttpRequest request(String method, URI uri, JsonNode body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", "arcanum-secrets-infisical");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private URI uri(String path, Map<String, String> query) {
        StringBuilder sb = new StringBuilder(config.site.toString()).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return URI.create(sb.toString());
    }

    /** Percent-encodes a query value or a path segment (spaces as %20, not '+'). */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
