package dev.arcanum.secrets.azure.internal;

import com.azure.core.credential.AccessToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Managed identity through the App Service / Functions / Container Apps REST protocol: {@code GET
 * {IDENTITY_ENDPOINT}?resource=…&api-version=2019-08-01} with the header {@code X-IDENTITY-HEADER}
 * and, for a user-assigned identity, {@code client_id}. The answer's {@code expires_on} is epoch
 * seconds, as a JSON number or a numeric string (the documented sample uses a string, emulators a
 * number).
 *
 * <p>Written here instead of taking azure-identity, which would bring MSAL, Nimbus and JNA for one
 * HTTP GET. Thread-safe.
 */
public final class ManagedIdentityCredential extends CachingTokenCredential {
    /** The protocol version sent. */
    public static final String API_VERSION = "2019-08-01";

    private final URI endpoint;
    private final String header;
    private final String clientId;

    /**
     * @param endpoint the token endpoint
     * @param header the X-IDENTITY-HEADER value; never printed
     * @param clientId a user-assigned identity's client id, or null for the system-assigned one
     * @param http the HTTP client
     * @param timeout time allowed for one response
     * @param clock the clock deciding when a cached token is too old
     */
    public ManagedIdentityCredential(
            URI endpoint, String header, String clientId, HttpClient http, Duration timeout, Clock clock) {
        super(http, timeout, clock);
        this.endpoint = endpoint;
        this.header = header;
        this.clientId = clientId;
    }

    @Override
    public String kind() {
        return "managed identity";
    }

    @Override
    AccessToken fetch(String scope) {
        String resource =
                scope.endsWith("/.default") ? scope.substring(0, scope.length() - "/.default".length()) : scope;
        StringBuilder query = new StringBuilder()
                .append("resource=")
                .append(enc(resource))
                .append("&api-version=")
                .append(API_VERSION);
        if (clientId != null) {
            query.append("&client_id=").append(enc(clientId));
        }
        String base = endpoint.toString();
        URI uri = URI.create(base + (base.contains("?") ? "&" : "?") + query);
        String shown = endpoint.getScheme() + "://" + endpoint.getAuthority() + endpoint.getPath();
        JsonNode body = send(
                HttpRequest.newBuilder(uri)
                        .GET()
                        .header("X-IDENTITY-HEADER", header)
                        .header("Accept", "application/json"),
                shown,
                b -> b.hasNonNull("error")
                        ? b.get("error").isTextual() ? b.get("error").asText() : null
                        : null);
        Long expiresOn = seconds(body.get("expires_on"));
        if (expiresOn == null) {
            throw invalid(shown, "expires_on is missing or not a number of seconds");
        }
        return token(body, shown, Instant.ofEpochSecond(expiresOn));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ManagedIdentityCredential{endpoint=" + endpoint.getScheme() + "://" + endpoint.getAuthority()
                + endpoint.getPath() + ", clientId=" + clientId + "}";
    }
}
