package dev.arcanum.secrets.infisical;

import static dev.arcanum.secrets.infisical.fake.InfisicalFake.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.infisical.fake.InfisicalFake;
import dev.arcanum.secrets.infisical.fake.InfisicalFake.Failure;
import dev.arcanum.secrets.infisical.fake.InfisicalFake.RecordedRequest;
import dev.arcanum.secrets.test.LeakDetector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfisicalSecretProviderTest {
    private static final String LOGIN = "/api/v1/auth/universal-auth/login";
    private static final String RENEW = "/api/v1/auth/token/renew";
    private static final String LIST = "/api/v4/secrets";

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private InfisicalFake fake;

    @BeforeEach
    void startFake() {
        fake = InfisicalFake.start(clock);
        leaks.watch(fake.clientSecret());
        fake.onTokenIssued(t -> {
            leaks.watch(t);
            issuedTokens.add(t);
        });
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    private InfisicalSecretProvider provider(String... overrides) {
        Map<String, String> s = InfisicalTestSupport.settings(fake, "v4");
        for (int i = 0; i < overrides.length; i += 2) {
            s.put(overrides[i], overrides[i + 1]);
        }
        return InfisicalTestSupport.provider(s, clock, sleeper);
    }

    private String value(String prefix) {
        String v = prefix + "-" + java.util.UUID.randomUUID();
        leaks.watch(v);
        return v;
    }

    private long logins() {
        return fake.count("POST", LOGIN);
    }

    private long renewals() {
        return fake.count("POST", RENEW);
    }

    // ------------------------------------------------------------------ must-show

    @Test
    void getManyOfThirtyKeysOverTwoFoldersMakesExactlyTwoListCalls() {
        List<String> keys = new ArrayList<>();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 15; i++) {
            String db = value("db" + i);
            String api = value("api" + i);
            fake.seed("dev", "/app/db", "KEY_" + i, db);
            fake.seed("dev", "/app/api", "KEY_" + i, api);
            keys.add("app/db/KEY_" + i);
            keys.add("app/api/KEY_" + i);
            expected.put("app/db/KEY_" + i, db);
            expected.put("app/api/KEY_" + i, api);
        }
        InfisicalSecretProvider p = provider();

        Map<String, Secret> found = p.getMany(keys, SecretScope.DEFAULT);

        assertThat(found).hasSize(30);
        found.forEach((k, s) -> assertThat(s.value()).isEqualTo(expected.get(k)));
        List<RecordedRequest> requests = fake.requests();
        assertThat(requests.get(0).path()).isEqualTo(LOGIN);
        List<RecordedRequest> afterLogin = requests.subList(1, requests.size());
        assertThat(afterLogin).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo(LIST);
        });
        assertThat(afterLogin)
                .extracting(r -> r.query().get("secretPath"))
                .containsExactlyInAnyOrder("/app/db", "/app/api");
    }

    @Test
    void logsInOnceWhileTheTokenIsValidAndAgainAfterItExpires() {
        fake.tokenLifetime(600, 86_400);
        String v = value("token-life");
        fake.seed("dev", "/app", "A", v);
        InfisicalSecretProvider p = provider();

        for (int i = 0; i < 25; i++) {
            assertThat(p.get("app/A").value()).isEqualTo(v);
            clock.advance(Duration.ofSeconds(10)); // 240 s in all: before the renewal point (480 s)
        }
        assertThat(logins()).isEqualTo(1);
        assertThat(renewals()).isZero();

        clock.advance(Duration.ofSeconds(600)); // past expiresIn
        assertThat(p.get("app/A").value()).isEqualTo(v);
        assertThat(logins()).isEqualTo(2);
        assertThat(renewals())
                .as("an expired token is not renewed, it is replaced")
                .isZero();
        assertThat(issuedTokens).hasSize(2);
    }

    // ------------------------------------------------------------------ token lifecycle

    @Test
    void renewsTheTokenBeforeItExpires() {
        fake.tokenLifetime(600, 86_400);
        fake.seed("dev", "/", "A", value("renew"));
        InfisicalSecretProvider p = provider();
        p.get("A");
        clock.advance(Duration.ofSeconds(500)); // past 80 % of 600 s
        p.get("A");
        clock.advance(Duration.ofSeconds(500)); // renewed at 500 s: 80 % again at 980 s
        p.get("A");
        assertThat(logins()).isEqualTo(1);
        assertThat(renewals()).isEqualTo(2);
    }

    @Test
    void logsInAfreshWhenRenewalIsRefused() {
        fake.tokenLifetime(600, 86_400);
        fake.seed("dev", "/", "A", value("refused"));
        InfisicalSecretProvider p = provider();
        p.get("A");
        fake.revokeTokens();
        clock.advance(Duration.ofSeconds(500));
        assertThat(p.get("A").key()).isEqualTo("A");
        assertThat(renewals()).isEqualTo(1);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void logsInAfreshWhenTheMaxTtlIsReached() {
        fake.tokenLifetime(600, 900);
        fake.seed("dev", "/", "A", value("max-ttl"));
        InfisicalSecretProvider p = provider();
        p.get("A");
        clock.advance(Duration.ofSeconds(500));
        p.get("A"); // renewed; the server caps expiresIn at the 400 s left
        clock.advance(Duration.ofSeconds(401));
        p.get("A");
        assertThat(renewals()).isEqualTo(1);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aTokenRevokedMidRunCostsOneFreshLogin() {
        String v = value("revoked");
        fake.seed("dev", "/app", "A", v);
        InfisicalSecretProvider p = provider();
        p.get("app/A");
        fake.revokeTokens();
        assertThat(p.get("app/A").value()).isEqualTo(v);
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void aTokenTheServerAlreadyConsidersExpiredCostsOneFreshLogin() {
        // The server's clock runs ahead of ours: it rejects the token our clock still thinks valid.
        MutableClock serverClock = new MutableClock(clock.instant());
        fake.close();
        fake = InfisicalFake.start(serverClock);
        fake.onTokenIssued(t -> leaks.watch(t));
        leaks.watch(fake.clientSecret());
        fake.tokenLifetime(600, 86_400);
        String v = value("skew");
        fake.seed("dev", "/app", "A", v);
        InfisicalSecretProvider p = provider();
        p.get("app/A");
        serverClock.advance(Duration.ofSeconds(700));
        fake.clearRequests();

        assertThat(p.get("app/A").value()).isEqualTo(v);

        assertThat(fake.requests())
                .extracting(r -> r.method() + " " + r.path())
                .containsExactly("GET " + LIST + "/A", "POST " + LOGIN, "GET " + LIST + "/A");
    }

    @Test
    void aSecondRefusalAfterTheFreshLoginIsAccessDenied() {
        fake.seed("dev", "/app", "A", value("twice"));
        fake.failNext(
                Failure.error(on("GET", LIST), 403, "TokenError", "Your token has expired. Please re-authenticate."));
        fake.failNext(
                Failure.error(on("GET", LIST), 403, "TokenError", "Your token has expired. Please re-authenticate."));
        InfisicalSecretProvider p = provider();
        assertThatThrownBy(() -> p.get("app/A"))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("403 TokenError: Your token has expired. Please re-authenticate.");
        assertThat(logins()).isEqualTo(2);
    }

    @Test
    void wrongClientSecretIsAccessDeniedNamingTheClientIdOnly() {
        String wrong = value("wrong-secret");
        InfisicalSecretProvider p = provider("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", wrong);
        assertThatThrownBy(() -> p.get("app/A"))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("client id '" + fake.clientId() + "'")
                .hasMessageContaining("401 UnauthorizedError: Invalid credentials (reqId req-")
                .satisfies(e -> leaks.assertNoLeak(e));
    }

    @Test
    void aReadyTokenIsUsedAsGivenAndNeverRenewed() {
        String v = value("static");
        fake.seed("dev", "/", "A", v);
        provider().get("A");
        String token = issuedTokens.get(0);
        fake.clearRequests();
        InfisicalSecretProvider p = provider(
                "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "",
                "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "",
                "INFISICAL_TOKEN", token);
        assertThat(p.get("A").value()).isEqualTo(v);
        assertThat(logins()).isZero();
        fake.revokeTokens();
        assertThatThrownBy(() -> p.get("A"))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("401 UnauthorizedError")
                .satisfies(e -> leaks.assertNoLeak(e));
        assertThat(logins()).isZero();
    }

    // ------------------------------------------------------------------ faults

    @Test
    void permissionDeniedIsAccessDeniedWithTheReqIdAndNeitherRetriedNorReLoggedIn() {
        fake.seed("dev", "/app", "A", value("denied"));
        fake.denyRead("dev", "/app");
        InfisicalSecretProvider p = provider();
        assertThatThrownBy(() -> p.get("app/A"))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("403 PermissionDenied: You are not allowed to readValue on secrets (reqId req-")
                .hasMessageContaining(fake.clientId())
                .hasMessageContaining(fake.projectId());
        assertThat(logins()).isEqualTo(1);
        assertThat(fake.count("GET", LIST + "/A")).isEqualTo(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void a429IsRetriedAfterTheWaitItAsksFor() {
        String v = value("limited");
        fake.seed("dev", "/", "A", v);
        fake.failNext(Failure.rateLimited(on("GET", LIST), 42));
        assertThat(provider().get("A").value()).isEqualTo(v);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(42));
    }

    @Test
    void a429AskingForMoreThanTheMaximumWaitFailsAtOnce() {
        fake.seed("dev", "/", "A", value("limited"));
        fake.failNext(Failure.rateLimited(on("GET", LIST), 42));
        InfisicalSecretProvider p = provider("secrets.infisical.max-retry-wait", "10s");
        assertThatThrownBy(() -> p.get("A"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessageContaining("429 RateLimitExceeded: Rate limit exceeded. Please try again in 42 seconds")
                .hasMessageContaining("longer than secrets.infisical.max-retry-wait");
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void a500ThenSuccessIsRetriedWithBackoff() {
        String v = value("flaky");
        fake.seed("dev", "/", "A", v);
        fake.failNext(Failure.error(on("GET", LIST), 500, "InternalServerError", "Something went wrong"));
        assertThat(provider().get("A").value()).isEqualTo(v);
        assertThat(sleeper.waits).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void persistent5xxIsUnavailableAfterBoundedRetries() {
        fake.seed("dev", "/", "A", value("down"));
        for (int i = 0; i < 4; i++) {
            fake.failNext(Failure.error(on("GET", LIST), 503, "ServiceUnavailable", "Service Unavailable"));
        }
        assertThatThrownBy(() -> provider().get("A"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessageContaining("503 ServiceUnavailable")
                .hasMessageContaining("(after 3 retries)");
        assertThat(sleeper.waits)
                .containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void a4xxIsNeverRetried() {
        fake.failNext(Failure.validation(on("GET", LIST), "environment", "Required"));
        assertThatThrownBy(() -> provider().get("A"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("422 ValidationFailure: environment: Required (reqId req-fault-");
        assertThat(sleeper.waits).isEmpty();
        assertThat(fake.count("GET", LIST + "/A")).isEqualTo(1);
    }

    @Test
    void malformedJsonIsUnavailableWithoutQuotingTheBody() {
        fake.failNext(Failure.malformedJson(on("GET", LIST)));
        assertThatThrownBy(() -> provider().get("A"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("Infisical answered GET /api/v4/secrets/A with a body that is not valid JSON (status 200);"
                        + " is " + fake.siteUrl() + " an Infisical server, or a proxy in front of it?");
    }

    @Test
    void aConnectionResetOnAReadIsRetried() {
        String v = value("reset");
        fake.seed("dev", "/", "A", v);
        // The JDK client itself repeats an idempotent GET once after a reset; three resets get past it.
        for (int i = 0; i < 3; i++) {
            fake.failNext(Failure.connectionReset(on("GET", LIST)));
        }
        assertThat(provider().get("A").value()).isEqualTo(v);
        assertThat(fake.count("GET", LIST + "/A")).isEqualTo(4);
        assertThat(sleeper.waits).isNotEmpty().allSatisfy(w -> assertThat(w)
                .isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void aConnectionResetOnAWriteIsNotRetried() {
        fake.failNext(Failure.connectionReset(on("POST", LIST + "/")));
        String v = value("write");
        InfisicalSecretProvider p = provider();
        assertThatThrownBy(() -> p.put("A", v, SecretScope.DEFAULT))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessageContaining("did not answer POST /api/v4/secrets/A");
        assertThat(fake.count("POST", LIST + "/A")).isEqualTo(1);
    }

    @Test
    void aSlowResponsePastTheTimeoutIsUnavailable() {
        fake.failNext(Failure.slow(on("GET", LIST), 5_000));
        InfisicalSecretProvider p =
                provider("secrets.infisical.request-timeout", "300ms", "secrets.infisical.max-retries", "0");
        assertThatThrownBy(() -> p.get("A"))
                .isInstanceOf(SecretProviderUnavailableException.class)
                .hasMessage("Infisical at " + fake.siteUrl() + " did not answer GET /api/v4/secrets/A: timed out"
                        + " (HttpTimeoutException)");
    }

    // ------------------------------------------------------------------ reads

    @Test
    void aHiddenValueIsAccessDeniedNotAnEmptyValue() {
        fake.seed("dev", "/app", "A", value("hidden"));
        fake.hideValue("dev", "/app", "A");
        InfisicalSecretProvider p = provider();
        assertThatThrownBy(() -> p.get("app/A"))
                .isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageStartingWith("Infisical hides the value of 'app/A' from the machine identity");
        assertThatThrownBy(() -> p.getMany(List.of("app/A"), SecretScope.DEFAULT))
                .isInstanceOf(SecretAccessDeniedException.class);
    }

    @Test
    void fieldSelectionOnJsonValues() {
        String password = value("pw");
        fake.seed("dev", "/app", "DB", "{\"user\":\"app\",\"password\":\"" + password + "\"}");
        InfisicalSecretProvider p = provider();
        Secret s = p.get("app/DB#password");
        assertThat(s.key()).isEqualTo("app/DB#password");
        assertThat(s.value()).isEqualTo(password);
        assertThat(p.getMany(List.of("app/DB#user", "app/DB#port"), SecretScope.DEFAULT))
                .containsOnlyKeys("app/DB#user");
        assertThatThrownBy(() -> p.get("app/DB#port"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'app/DB' has no field 'port'; its fields are [password, user]");
    }

    @Test
    void getVersionReadsAPinnedVersionAndRejectsMalformedOnesBeforeAnyCall() {
        String v1 = value("v1");
        String v2 = value("v2");
        fake.seed("dev", "/app", "A", v1);
        fake.seed("dev", "/app", "A", v2);
        InfisicalSecretProvider p = provider();
        assertThat(p.get("app/A").version()).isEqualTo("2");
        assertThat(p.getVersion("app/A", "1", SecretScope.DEFAULT).value()).isEqualTo(v1);
        RecordedRequest last = fake.requests().get(fake.requests().size() - 1);
        assertThat(last.query()).containsEntry("version", "1");
        long before = fake.requestCount();
        assertThatThrownBy(() -> p.getVersion("app/A", "v1", SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessage("Invalid version 'v1' for key 'app/A': Infisical versions are whole numbers from 1");
        assertThat(fake.requestCount()).isEqualTo(before);
    }

    @Test
    void importsAreReadOnlyWhenTheSettingAsksForThem() {
        String host = value("host");
        fake.seed("dev", "/shared", "DB_HOST", host);
        fake.addImport("dev", "/app", "dev", "/shared");
        assertThatThrownBy(() -> provider().get("app/DB_HOST")).isInstanceOf(SecretNotFoundException.class);
        InfisicalSecretProvider p = provider("secrets.infisical.include-imports", "true");
        assertThat(p.get("app/DB_HOST").value()).isEqualTo(host);
        assertThat(p.getMany(List.of("app/DB_HOST"), SecretScope.DEFAULT)
                        .get("app/DB_HOST")
                        .value())
                .isEqualTo(host);
        assertThat(fake.requests())
                .filteredOn(r -> r.method().equals("GET") && r.path().startsWith(LIST))
                .last()
                .satisfies(r -> assertThat(r.query()).containsEntry("include_imports", "true"));
    }

    @Test
    void expandSecretReferencesFollowsTheSetting() {
        fake.seed("dev", "/", "A", value("expand"));
        provider().get("A");
        provider("secrets.infisical.expand-secret-references", "true").get("A");
        assertThat(fake.requests())
                .filteredOn(r -> r.path().equals(LIST + "/A"))
                .extracting(r -> r.query().get("expandSecretReferences"))
                .containsExactly("false", "true");
    }

    @Test
    void theV3SettingCallsTheRawEndpointsWithWorkspaceId() {
        String v = value("v3");
        fake.seed("dev", "/app", "A", v);
        InfisicalSecretProvider p = provider("secrets.infisical.api-version", "v3");
        assertThat(p.get("app/A").value()).isEqualTo(v);
        p.put("app/B", v, SecretScope.DEFAULT);
        assertThat(fake.requests())
                .extracting(RecordedRequest::toString)
                .anySatisfy(r -> assertThat(r).startsWith("GET /api/v3/secrets/raw/A {workspaceId="))
                .anySatisfy(r -> assertThat(r).startsWith("POST /api/v3/secrets/raw/B"));
    }

    // ------------------------------------------------------------------ writes

    @Test
    void putCreatesMissingFoldersThenTheSecret() {
        String v = value("deep");
        InfisicalSecretProvider p = provider();
        SecretMetadata m = p.put("a/b/c/KEY", v, SecretScope.DEFAULT);
        assertThat(m.version()).isEqualTo("1");
        assertThat(fake.value("dev", "/a/b/c", "KEY")).isEqualTo(v);
        assertThat(fake.requests())
                .extracting(RecordedRequest::toString)
                .containsSubsequence("POST /api/v4/secrets/KEY", "POST /api/v2/folders", "POST /api/v4/secrets/KEY");
        SecretMetadata m2 = p.put("a/b/c/KEY", v + "-2", SecretScope.DEFAULT);
        leaks.watch(v + "-2");
        assertThat(m2.version()).isEqualTo("2");
        assertThat(fake.count("PATCH", LIST + "/KEY")).isEqualTo(1);
    }

    @Test
    void putIfAbsentIsOneCreateCallAndNeverOverwrites() {
        String first = value("first");
        String second = value("second");
        InfisicalSecretProvider p = provider();
        assertThat(p.putIfAbsent("ONCE", first, SecretScope.DEFAULT)).isTrue();
        assertThat(p.putIfAbsent("ONCE", second, SecretScope.DEFAULT)).isFalse();
        assertThat(fake.value("dev", "/", "ONCE")).isEqualTo(first);
        assertThat(fake.count("PATCH", LIST + "/ONCE")).isZero();
        assertThat(fake.count("GET", LIST + "/ONCE")).isZero();
    }

    @Test
    void putAllListsEachFolderOnceThenBatchCreatesAndBatchUpdates() {
        fake.seed("dev", "/bulk", "OLD", value("old"));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("bulk/OLD", value("old2"));
        values.put("bulk/NEW1", value("new1"));
        values.put("bulk/NEW2", value("new2"));
        InfisicalSecretProvider p = provider();
        fake.clearRequests();
        BulkResult r = p.putAll(values, SecretScope.DEFAULT);
        assertThat(r.created()).containsExactly("bulk/NEW1", "bulk/NEW2");
        assertThat(r.updated()).containsExactly("bulk/OLD");
        assertThat(fake.requests())
                .extracting(x -> x.method() + " " + x.path())
                .containsExactly("POST " + LOGIN, "GET " + LIST, "POST " + LIST + "/batch", "PATCH " + LIST + "/batch");
        assertThat(fake.value("dev", "/bulk", "OLD")).isEqualTo(values.get("bulk/OLD"));
    }

    @Test
    void aChangeApprovalResponseIsPendingApprovalNotSuccess() {
        String existing = value("existing");
        fake.seed("dev", "/prod", "A", existing);
        fake.requireApproval("dev", "/prod");
        InfisicalSecretProvider p = provider();
        String v = value("needs-review");
        assertThatThrownBy(() -> p.put("prod/B", v, SecretScope.DEFAULT))
                .isInstanceOf(ChangeApprovalPendingException.class)
                .hasMessageContaining("Infisical holds the create of prod/B")
                .hasMessageContaining("pending approval")
                .satisfies(e -> assertThat(((ChangeApprovalPendingException) e).approvalSlug())
                        .startsWith("change-"));
        assertThatThrownBy(() -> p.put("prod/A", v, SecretScope.DEFAULT))
                .isInstanceOf(ChangeApprovalPendingException.class);
        assertThatThrownBy(() -> p.delete("prod/A", SecretScope.DEFAULT))
                .isInstanceOf(ChangeApprovalPendingException.class);
        assertThatThrownBy(() -> p.putAll(Map.of("prod/C", v), SecretScope.DEFAULT))
                .isInstanceOf(ChangeApprovalPendingException.class);
        assertThat(fake.value("dev", "/prod", "B")).isNull();
        assertThat(fake.value("dev", "/prod", "A")).isEqualTo(existing);
    }

    @Test
    void scopesAreFoldersAndDefaultNeverListsThem() {
        String inDb = value("db");
        String inDefault = value("default");
        InfisicalSecretProvider p = provider();
        p.put("pool/PASSWORD", inDb, SecretScope.DATABASE);
        p.put("pool/PASSWORD", inDefault, SecretScope.DEFAULT);
        assertThat(fake.value("dev", "/database/pool", "PASSWORD")).isEqualTo(inDb);
        assertThat(fake.value("dev", "/pool", "PASSWORD")).isEqualTo(inDefault);
        assertThat(p.list(SecretScope.DEFAULT)).extracting(SecretMetadata::key).containsExactly("pool/PASSWORD");
        assertThat(p.list(SecretScope.DATABASE)).extracting(SecretMetadata::key).containsExactly("pool/PASSWORD");
        assertThat(fake.requests())
                .filteredOn(r -> r.method().equals("GET") && r.path().equals(LIST))
                .last()
                .satisfies(r -> assertThat(r.query())
                        .containsEntry("secretPath", "/database")
                        .containsEntry("recursive", "true")
                        .containsEntry("viewSecretValue", "false")
                        .containsEntry("include_imports", "false"));
    }

    @Test
    void theBasePathPrefixesEveryFolder() {
        String v = value("base");
        InfisicalSecretProvider p = provider("INFISICAL_SECRET_PATH", "/team/");
        p.put("app/A", v, SecretScope.THIRD_PARTY_API);
        assertThat(fake.value("dev", "/team/third-party-api/app", "A")).isEqualTo(v);
        assertThat(p.get("app/A", SecretScope.THIRD_PARTY_API).value()).isEqualTo(v);
    }

    @Test
    void concurrentReadsShareOneLogin() throws Exception {
        String v = value("concurrent");
        fake.seed("dev", "/app", "A", v);
        InfisicalSecretProvider p = provider();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> reads = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                reads.add(pool.submit(() -> p.get("app/A").value()));
            }
            for (java.util.concurrent.Future<String> f : reads) {
                assertThat(f.get()).isEqualTo(v);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(logins()).isEqualTo(1);
    }

    @Test
    void aSignatureStillVerifiesAfterTheSigningKeyIsRotatedInInfisical() {
        InfisicalSecretProvider p = provider();
        byte[] payload = "payload-to-sign".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String signature =
                p.sign(payload, dev.arcanum.secrets.SecretPurpose.CLI_BRIDGE).signature();
        leaks.watch(fake.value("dev", "/signing-keys", "cli-bridge"));
        assertThat(fake.hasFolder("dev", "/signing-keys")).isTrue();

        // Rotation: a new version of the key, written in Infisical (here: in the fake).
        String rotated =
                java.util.Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');
        leaks.watch(rotated);
        fake.seed("dev", "/signing-keys", "cli-bridge", rotated);
        InfisicalSecretProvider fresh = provider();

        assertThat(fresh.verify(payload, signature, dev.arcanum.secrets.SecretPurpose.CLI_BRIDGE))
                .isTrue();
        String newSignature = fresh.sign(payload, dev.arcanum.secrets.SecretPurpose.CLI_BRIDGE)
                .signature();
        assertThat(newSignature).isNotEqualTo(signature);
        assertThat(fresh.verify(payload, newSignature, dev.arcanum.secrets.SecretPurpose.CLI_BRIDGE))
                .isTrue();
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void infisicalNamingRulesAreCheckedBeforeAnyCall() {
        InfisicalSecretProvider p = provider();
        String v = value("never-sent");
        assertThatThrownBy(() -> p.get("app.v1/KEY"))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessage("Invalid key 'app.v1/KEY' for Infisical: the folder 'app.v1' may hold only letters, digits,"
                        + " '-' and '_' (Infisical folder names allow no '.')");
        assertThatThrownBy(() -> p.put("database/pool", v, SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessage("Invalid key 'database/pool' in the default scope for Infisical: the folder 'database'"
                        + " holds the scope of that name; read it with SecretScope.of(\"database\") and key 'pool'");
        assertThatThrownBy(() -> p.put("app/A#field", v, SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> p.put("app/A", " " + v, SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretValueException.class)
                .hasMessage("Invalid value for 'app/A': Infisical trims leading and trailing whitespace from values"
                        + " (keeping one final newline), so it would not store this value as given; remove the"
                        + " surrounding whitespace or encode the value (for example Base64)");
        assertThat(fake.requestCount()).isZero();
    }

    @Test
    void aValueEndingInOneNewlineIsStoredAsGiven() {
        String pem = value("-----BEGIN KEY-----\nabc") + "\n";
        leaks.watch(pem);
        InfisicalSecretProvider p = provider();
        p.put("tls/KEY", pem, SecretScope.DEFAULT);
        assertThat(p.get("tls/KEY").value()).isEqualTo(pem);
    }

    // ------------------------------------------------------------------ health

    @Test
    void healthIsHealthyAfterLoginAndOneList() {
        SecretProviderHealth h = provider().healthCheck();
        assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
        assertThat(h.message())
                .isEqualTo("Infisical at " + fake.siteUrl() + ": logged in, listed / of project " + fake.projectId()
                        + " (dev)");
        assertThat(h.details()).containsEntry("clientId", fake.clientId()).containsEntry("apiVersion", "v4");
        assertThat(fake.requests()).extracting(RecordedRequest::path).containsExactly(LOGIN, LIST);
    }

    @Test
    void healthIsDegradedWhenRateLimited() {
        fake.failNext(Failure.rateLimited(on("GET", LIST), 5));
        SecretProviderHealth h = provider().healthCheck();
        assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.DEGRADED);
        assertThat(h.message()).contains("429 RateLimitExceeded");
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void healthIsUnavailableOn403NamingTheIdentityAndProjectNeverTheSecret() {
        fake.failNext(
                Failure.error(on("GET", LIST), 403, "PermissionDenied", "You are not allowed to read on secrets"));
        SecretProviderHealth h = provider().healthCheck();
        assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
        assertThat(h.message())
                .contains("machine identity with client id '" + fake.clientId() + "'")
                .contains("project " + fake.projectId())
                .contains("403 PermissionDenied")
                .doesNotContain(fake.clientSecret());
        leaks.assertNoLeak(h.toString());
    }

    @Test
    void healthIsUnavailableWhenLoginIsRefused() {
        SecretProviderHealth h =
                provider("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", value("bad")).healthCheck();
        assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
        assertThat(h.message()).contains("Invalid credentials").contains(fake.clientId());
        leaks.assertNoLeak(h.toString());
    }
}
