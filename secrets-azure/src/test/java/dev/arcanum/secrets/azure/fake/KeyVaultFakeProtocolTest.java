package dev.arcanum.secrets.azure.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.spi.TlsTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's wire behaviour, checked with a plain HTTP client against the REST spec's shapes. */
class KeyVaultFakeProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeyVaultFake fake;
    private static HttpClient http;
    private String token;

    @BeforeAll
    static void start() {
        fake = KeyVaultFake.start();
        http = HttpClient.newBuilder()
                .sslContext(TlsTrust.sslContext(fake.caBundleFile()))
                .build();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        fake.reset();
        HttpResponse<String> t = send(HttpRequest.newBuilder(URI.create(
                        fake.identityEndpoint() + "?resource=https%3A%2F%2Fvault.azure.net&api-version=2019-08-01"))
                .header("X-IDENTITY-HEADER", fake.identityHeader()));
        assertThat(t.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(t.body());
        assertThat(body.get("expires_on").isTextual()).isTrue();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        token = body.get("access_token").asText();
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder vault(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(fake.vaultUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + token);
    }

    @Test
    void requestWithoutTokenGetsTheChallenge() throws Exception {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(URI.create(fake.vaultUrl() + "/secrets/x?api-version=7.5")));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer authorization=\"https://login.microsoftonline.com/" + KeyVaultFake.TENANT
                        + "\", resource=\"https://vault.azure.net\"");
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void apiVersionIsRequired() throws Exception {
        HttpResponse<String> r = send(vault("/secrets/x"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("BadParameter");
    }

    @Test
    void setThenGetLatestWithAndWithoutTrailingSlashAndByVersion() throws Exception {
        HttpResponse<String> set = send(vault("/secrets/crpsecret?api-version=7.5")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"value\":\"mysecretvalue\",\"contentType\":\"text/plain\",\"tags\":{\"env\":\"dev\"}}")));
        assertThat(set.statusCode()).isEqualTo(200);
        JsonNode bundle = JSON.readTree(set.body());
        String id = bundle.get("id").asText();
        assertThat(id).matches(java.util.regex.Pattern.quote(fake.vaultUrl()) + "/secrets/crpsecret/[0-9a-f]{32}");
        assertThat(bundle.at("/attributes/enabled").asBoolean()).isTrue();
        assertThat(bundle.at("/attributes/created").isIntegralNumber()).isTrue();
        String version = id.substring(id.lastIndexOf('/') + 1);

        for (String path :
                new String[] {"/secrets/crpsecret", "/secrets/crpsecret/", "/secrets/crpsecret/" + version}) {
            HttpResponse<String> get = send(vault(path + "?api-version=7.5"));
            assertThat(get.statusCode()).as(path).isEqualTo(200);
            JsonNode got = JSON.readTree(get.body());
            assertThat(got.get("value").asText()).isEqualTo("mysecretvalue");
            assertThat(got.get("contentType").asText()).isEqualTo("text/plain");
            assertThat(got.at("/tags/env").asText()).isEqualTo("dev");
        }
    }

    @Test
    void listPagesWithAbsoluteNextLinkAndItemsWithoutValues() throws Exception {
        for (int i = 0; i < 3; i++) {
            fake.seed("s" + i, "v", null, Map.of());
        }
        HttpResponse<String> first = send(vault("/secrets?api-version=7.5&maxresults=2"));
        JsonNode page = JSON.readTree(first.body());
        assertThat(page.get("value")).hasSize(2);
        assertThat(page.get("value").get(0).has("value")).isFalse();
        assertThat(page.get("value").get(0).get("id").asText()).isEqualTo(fake.vaultUrl() + "/secrets/s0");
        String next = page.get("nextLink").asText();
        assertThat(next).startsWith(fake.vaultUrl() + "/secrets?api-version=7.5&$skiptoken=");

        JsonNode second =
                JSON.readTree(send(HttpRequest.newBuilder(URI.create(next)).header("Authorization", "Bearer " + token))
                        .body());
        assertThat(second.get("value")).hasSize(1);
        assertThat(second.get("nextLink").isNull()).isTrue();
    }

    @Test
    void missingSecretAndDeleteFollowTheSpec() throws Exception {
        HttpResponse<String> missing = send(vault("/secrets/nope/?api-version=7.5"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).at("/error/code").asText()).isEqualTo("SecretNotFound");

        fake.seed("gone", "v", null, Map.of());
        HttpResponse<String> deleted =
                send(vault("/secrets/gone?api-version=7.5").DELETE());
        JsonNode d = JSON.readTree(deleted.body());
        assertThat(d.get("recoveryId").asText()).isEqualTo(fake.vaultUrl() + "/deletedsecrets/gone");
        assertThat(d.has("value")).isFalse();
        assertThat(d.get("scheduledPurgeDate").isIntegralNumber()).isTrue();
        assertThat(send(vault("/deletedsecrets/gone?api-version=7.5").DELETE()).statusCode())
                .isEqualTo(204);
    }
}
