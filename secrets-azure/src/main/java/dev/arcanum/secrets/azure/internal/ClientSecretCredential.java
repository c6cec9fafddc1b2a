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

/**
 * The OAuth 2.0 client-credentials grant against Microsoft Entra: {@code POST
 * {authority}/{tenant}/oauth2/v2.0/token} with {@code client_id}, {@code client_secret}, {@code
 * scope} and {@code grant_type=client_credentials} as a form; the answer's {@code expires_in} is
 * seconds from now.
 *
 * <p>Written here instead of taking azure-identity (MSAL, Nimbus, JNA) for one form POST.
 * Thread-safe.
 */
public final class ClientSecretCredential extends CachingTokenCredential {
    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;

    /**
     * @param authorityHost for example {@code https://login.microsoftonline.com}
     * @param tenantId the directory id
     * @param clientId the application id
     * @param clientSecret the secret; never printed
     * @param http the HTTP client
     * @param timeout time allowed for one response
     * @param clock the clock
     */
    public ClientSecretCredential(
            URI authorityHost,
            String tenantId,
            String clientId,
            String clientSecret,
            HttpClient http,
            Duration timeout,
            Clock clock) {
        super(http, timeout, clock);
        String host = authorityHost.toString();
        if (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
        this.tokenEndpoint = URI.create(host + "/" + enc(tenantId) + "/oauth2/v2.0/token");
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    @Override
    public String kind() {
        return "client secret";
    }

    @Override
    AccessToken fetch(String scope) {
        String form = "client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret) + "&scope=" + enc(scope)
                + "&grant_type=client_credentials";
        JsonNode body = send(
                HttpRequest.newBuilder(tokenEndpoint)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json"),
                tokenEndpoint.toString(),
                b -> b.hasNonNull("error") && b.get("error").isTextual()
                        ? b.get("error").asText()
                        : null);
        Long expiresIn = seconds(body.get("expires_in"));
        if (expiresIn == null) {
            throw invalid(tokenEndpoint.toString(), "expires_in is missing or not a number of seconds");
        }
        return token(body, tokenEndpoint.toString(), now().plusSeconds(expiresIn));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ClientSecretCredential{endpoint=" + tokenEndpoint + ", clientId=" + clientId + "}";
    }
}
