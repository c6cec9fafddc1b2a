package dev.arcanum.secrets.vault.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake answers raw HTTP the way the documented Vault API does (no provider code involved). */
class VaultFakeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private VaultFake fake;

    @BeforeEach
    void start() {
        fake = VaultFake.start(VaultFake.Options.defaults());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpResponse<String> send(String method, String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            b.header("X-Vault-Token", fake.rootToken());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void kv2WriteReadAndCheckAndSet() throws Exception {
        HttpResponse<String> w =
                send("POST", "/v1/secret/data/my-secret", "{\"options\":{\"cas\":0},\"data\":{\"foo\":\"bar\"}}", true);
        assertThat(w.statusCode()).isEqualTo(200);
        assertThat(json(w).at("/data/version").asInt()).isEqualTo(1);
        assertThat(json(w).at("/data/deletion_time").asText()).isEmpty();

        HttpResponse<String> again =
                send("POST", "/v1/secret/data/my-secret", "{\"options\":{\"cas\":0},\"data\":{\"foo\":\"baz\"}}", true);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body())
                .isEqualTo("{\"errors\":[\"check-and-set parameter did not match the current version\"]}");

        HttpResponse<String> r = send("GET", "/v1/secret/data/my-secret", null, true);
        JsonNode body = json(r);
        assertThat(body.at("/data/data/foo").asText()).isEqualTo("bar");
        assertThat(body.at("/data/metadata/version").asInt()).isEqualTo(1);
        assertThat(body.at("/data/metadata/custom_metadata").isNull()).isTrue();
        assertThat(body.has("request_id")).isTrue();
        assertThat(body.get("wrap_info").isNull()).isTrue();
    }

    @Test
    void missingPathsAnd404sWithMetadata() throws Exception {
        HttpResponse<String> missing = send("GET", "/v1/secret/data/nothing", null, true);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"errors\":[]}");

        fake.putKv2("secret", "gone", Map.of("a", "b"));
        assertThat(send("DELETE", "/v1/secret/data/gone", null, true).statusCode())
                .isEqualTo(204);
        HttpResponse<String> deleted = send("GET", "/v1/secret/data/gone", null, true);
        assertThat(deleted.statusCode()).isEqualTo(404);
        assertThat(json(deleted).has("errors")).isFalse();
        assertThat(json(deleted).at("/data/data").isNull()).isTrue();
        assertThat(json(deleted).at("/data/metadata/deletion_time").asText()).isNotEmpty();

        assertThat(send("POST", "/v1/secret/undelete/gone", "{\"versions\":[1]}", true)
                        .statusCode())
                .isEqualTo(204);
        assertThat(send("GET", "/v1/secret/data/gone", null, true).statusCode()).isEqualTo(200);
    }

    @Test
    void listWithTheListMethodAndWithGetListTrue() throws Exception {
        fake.putKv2("secret", "foo", Map.of("a", "1"));
        fake.putKv2("secret", "foo/bar", Map.of("a", "1"));

        for (HttpResponse<String> r : new HttpResponse[] {
            send("LIST", "/v1/secret/metadata/", null, true), send("GET", "/v1/secret/metadata/?list=true", null, true)
        }) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).at("/data/keys").toString()).isEqualTo("[\"foo\",\"foo/\"]");
        }
        assertThat(send("LIST", "/v1/secret/metadata/none/", null, true).body()).isEqualTo("{\"errors\":[]}");
    }

    @Test
    void kv1StoresTheFlatMap() throws Exception {
        assertThat(send("POST", "/v1/kv/my-secret", "{\"foo\":\"bar\"}", true).statusCode())
                .isEqualTo(204);

        JsonNode body = json(send("GET", "/v1/kv/my-secret", null, true));
        assertThat(body.at("/data/foo").asText()).isEqualTo("bar");
        assertThat(body.get("lease_duration").asLong()).isEqualTo(2764800);
        assertThat(body.at("/data/metadata").isMissingNode()).isTrue();
    }

    @Test
    void noTokenIsPermissionDeniedButHealthNeedsNone() throws Exception {
        HttpResponse<String> r = send("GET", "/v1/secret/data/x", null, false);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"errors\":[\"permission denied\"]}");

        HttpResponse<String> h = send("GET", "/v1/sys/health", null, false);
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(json(h).get("cluster_name").asText()).isNotEmpty();
        fake.health(VaultFake.HealthState.SEALED);
        HttpResponse<String> sealed = send("GET", "/v1/sys/health", null, false);
        assertThat(sealed.statusCode()).isEqualTo(503);
        assertThat(json(sealed).has("cluster_name")).isFalse();
        assertThat(send("HEAD", "/v1/sys/health", null, false).body()).isEmpty();
        fake.health(VaultFake.HealthState.STANDBY);
        assertThat(send("GET", "/v1/sys/health?standbyok=true", null, false).statusCode())
                .isEqualTo(200);
    }

    @Test
    void transitHmacVerifiesAndRejectsUnprefixedInput() throws Exception {
        fake.createTransitKey("k", "aes256-gcm96");
        HttpResponse<String> h = send("POST", "/v1/transit/hmac/k", "{\"input\":\"aGVsbG8gd29ybGQ=\"}", true);
        String mac = json(h).at("/data/hmac").asText();
        assertThat(mac).startsWith("vault:v1:");

        HttpResponse<String> ok =
                send("POST", "/v1/transit/verify/k", "{\"input\":\"aGVsbG8gd29ybGQ=\",\"hmac\":\"" + mac + "\"}", true);
        assertThat(json(ok).at("/data/valid").asBoolean()).isTrue();
        HttpResponse<String> bad =
                send("POST", "/v1/transit/verify/k", "{\"input\":\"aGVsbG8gd29ybGQ=\",\"hmac\":\"abc\"}", true);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"errors\":[\"invalid HMAC to verify: no prefix\"]}");
        assertThat(send("POST", "/v1/transit/hmac/absent", "{\"input\":\"aGk=\"}", true)
                        .body())
                .isEqualTo("{\"errors\":[\"encryption key not found\"]}");
    }

    @Test
    void approleLoginReturnsAnAuthBlock() throws Exception {
        fake.close();
        fake = VaultFake.start(VaultFake.Options.defaults().appRole("role-1", "secret-1"));

        HttpResponse<String> r =
                send("POST", "/v1/auth/approle/login", "{\"role_id\":\"role-1\",\"secret_id\":\"secret-1\"}", false);
        JsonNode auth = json(r).get("auth");
        assertThat(auth.get("client_token").asText()).startsWith("hvs.");
        assertThat(auth.get("lease_duration").asLong()).isEqualTo(3600);
        assertThat(auth.get("renewable").asBoolean()).isTrue();
        assertThat(send("POST", "/v1/auth/approle/login", "{\"role_id\":\"role-1\",\"secret_id\":\"x\"}", false)
                        .body())
                .isEqualTo("{\"errors\":[\"invalid role or secret ID\"]}");
    }

    @Test
    void hcpModeDeniesRequestsWithoutTheNamespace() throws Exception {
        fake.close();
        fake = VaultFake.start(VaultFake.Options.defaults().namespace("admin"));
        fake.putKv2("secret", "x", Map.of("a", "b"));

        assertThat(send("GET", "/v1/secret/data/x", null, true).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/v1/admin/secret/data/x", null, true).statusCode())
                .isEqualTo(200);
        HttpRequest withHeader = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/secret/data/x"))
                .header("X-Vault-Token", fake.rootToken())
                .header("X-Vault-Namespace", "admin/")
                .build();
        assertThat(http.send(withHeader, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
    }
}
