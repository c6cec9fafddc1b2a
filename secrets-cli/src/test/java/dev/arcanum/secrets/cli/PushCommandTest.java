package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.test.LeakDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push scenario of issue 8: the source is the local store in a temporary directory, the target
 * the in-test {@code target} backend, which records every bulk write.
 */
class PushCommandTest {
    private static final AtomicInteger TARGETS = new AtomicInteger();

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path dir;

    private Cli cli;
    private String targetAddress;

    @BeforeEach
    void setUp() throws Exception {
        targetAddress = "http://push-" + TARGETS.incrementAndGet() + ".test";
        cli = new Cli(dir)
                .env("SECRETS_LOCAL_PATH", dir.resolve("store.enc").toString())
                .env("SECRETS_LOCAL_KEY_FILE", dir.resolve("local.key").toString())
                .env("TARGET_ADDR", targetAddress)
                .env("TARGET_TOKEN", "target-token-credential");
        leaks.watch("target-token-credential");
        seed("vault/client-secret", "resolved-client-secret");
        seed("integrations/slack-token", "xoxb-slack-token-123");
        seed("integrations/webhook-key", "webhook-key-value-456");
        Files.writeString(
                dir.resolve(".env"),
                "KV_SECRETS_CLIENT_SECRET=kv://vault/client-secret\n"
                        + "KV_SECRETS_API_KEY=literal-api-key-789\n"
                        + "DATABASE_URL=jdbc:postgresql://db/app\n");
        leaks.watch("literal-api-key-789");
        Files.writeString(
                dir.resolve("payload.json"),
                "{\"name\":\"crm\",\"auth\":{\"clientSecret\":\"kv://secrets/client-secret\"},"
                        + "\"hooks\":[{\"slack\":{\"token\":\"kv://integrations/slack-token\"}},"
                        + "[\"Bearer kv://integrations/webhook-key\"]]}");
    }

    private void seed(String key, String value) {
        leaks.watch(value);
        Cli.Result r = cli.stdin(value).run("put", key);
        assertThat(r.code()).as(r.toString()).isZero();
    }

    private Cli.Result run(String... args) {
        Cli.Result r = cli.run(args);
        leaks.assertNoLeak(r.out());
        leaks.assertNoLeak(r.err());
        return r;
    }

    @Test
    void theTargetReceivesExactlyTheMergedSetInOneBulkWrite() {
        Cli.Result r = run("push", "--payload", "payload.json", "--to", "target");
        assertThat(r.code()).as(r.toString()).isZero();
        FakeBackend.State target = FakeBackend.state(targetAddress);
        assertThat(target.bulkWrites).hasSize(1);
        assertThat(target.bulkWrites.get(0))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "secrets/api-key", "literal-api-key-789",
                        "secrets/client-secret", "resolved-client-secret",
                        "integrations/slack-token", "xoxb-slack-token-123",
                        "integrations/webhook-key", "webhook-key-value-456"));
        assertThat(r.out())
                .isEqualTo("pushed 4 to target: created 4, updated 0, unresolved 0\n"
                        + "  secrets/api-key\n  secrets/client-secret\n  integrations/slack-token\n"
                        + "  integrations/webhook-key\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anUnresolvedReferenceIsSkippedWithAWarningNamingIt() throws Exception {
        Files.writeString(
                dir.resolve("more.json"), "{\"a\":[\"kv://integrations/slack-token\",\"kv://missing/thing\"]}");
        Cli.Result r = run("push", "--env-file", ".env", "--payload", "more.json", "--to", "target", "--from", "local");
        assertThat(r.code()).isZero();
        assertThat(r.err())
                .isEqualTo("secrets: warning: kv://missing/thing could not be resolved from provider 'local' (scope"
                        + " default); missing/thing skipped\n");
        assertThat(FakeBackend.state(targetAddress).bulkWrites.get(0))
                .containsOnlyKeys("secrets/api-key", "secrets/client-secret", "integrations/slack-token");

        Cli.Result strict = run("push", "--payload", "more.json", "--to", "target", "--strict");
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.err())
                .endsWith("secrets: push stopped, nothing written: unresolved references kv://missing/thing\n");
        assertThat(FakeBackend.state(targetAddress).bulkWrites).hasSize(1);
    }

    @Test
    void aTargetAnswering403IsAWarningAndExitZeroUnlessStrict() throws Exception {
        cli.env("TARGET_ADDR", "http://forbidden.test");
        Cli.Result r = run("push", "--payload", "payload.json", "--to", "target");
        assertThat(r.code()).isZero();
        assertThat(r.err())
                .isEqualTo("secrets: warning: provider 'target' denied the write, nothing was pushed: fake server"
                        + " http://forbidden.test answered HTTP 403\n");
        assertThat(r.out()).isEqualTo("pushed 0 to target: created 0, updated 0, unresolved 0\n");

        Cli.Result json = run("push", "--payload", "payload.json", "--to", "target", "--json");
        assertThat(new ObjectMapper().readTree(json.out()).get("accessDenied").asBoolean())
                .isTrue();

        Cli.Result strict = run("push", "--payload", "payload.json", "--to", "target", "--strict");
        assertThat(strict.code()).isEqualTo(4);
        assertThat(strict.err()).isEqualTo("secrets: fake server http://forbidden.test answered HTTP 403\n");
    }

    @Test
    void jsonNamesKeysNeverValues() throws Exception {
        Cli.Result r = run("push", "--payload", "payload.json", "--to", "target", "--json");
        assertThat(new ObjectMapper().readTree(r.out()).toString())
                .isEqualTo("{\"from\":\"local\",\"to\":\"target\",\"scope\":\"default\",\"accessDenied\":false,"
                        + "\"written\":[\"secrets/api-key\",\"secrets/client-secret\",\"integrations/slack-token\","
                        + "\"integrations/webhook-key\"],"
                        + "\"created\":[\"secrets/api-key\",\"secrets/client-secret\",\"integrations/slack-token\","
                        + "\"integrations/webhook-key\"],\"updated\":[],"
                        + "\"fromEnvironment\":[\"secrets/api-key\",\"secrets/client-secret\"],"
                        + "\"fromPayload\":[\"integrations/slack-token\",\"integrations/webhook-key\"],"
                        + "\"unresolved\":[],\"warnings\":[]}");
    }

    @Test
    void usageErrors() throws Exception {
        Cli.Result noTarget = run("push", "--payload", "payload.json");
        assertThat(noTarget.code()).isEqualTo(2);
        assertThat(noTarget.err())
                .isEqualTo("secrets: Missing required option: '--to=NAME' (see 'secrets push --help')\n");

        Files.delete(dir.resolve(".env"));
        Cli.Result nothing = run("push", "--to", "target");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err())
                .isEqualTo("secrets: nothing to push: give --env-file, --payload, or run where a .env file exists\n");

        Files.writeString(dir.resolve("broken.json"), "{\"a\": \"not-closed-secret");
        leaks.watch("not-closed-secret");
        Cli.Result badJson = run("push", "--payload", "broken.json", "--to", "target");
        assertThat(badJson.code()).isEqualTo(2);
        assertThat(badJson.err()).startsWith("secrets: broken.json is not valid JSON (line 1, column ");

        Cli.Result readOnlyTarget = run("push", "--payload", "payload.json", "--to", "dotenv");
        assertThat(readOnlyTarget.code()).isEqualTo(2);
    }
}
