package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretPushTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records every bulk write; refuses single writes so a push cannot sneak past putAll. */
    static final class CountingTarget extends MapSecretStore {
        final List<Map<String, String>> bulkWrites = new ArrayList<>();
        boolean deny;

        @Override
        public String name() {
            return "target";
        }

        @Override
        public BulkResult putAll(Map<String, String> values, SecretScope scope) {
            if (deny) {
                throw new SecretAccessDeniedException("HTTP 403 from target for putAll (scope " + scope + ")");
            }
            bulkWrites.add(new LinkedHashMap<>(values));
            return super.putAll(values, scope);
        }

        void seed(String key, String value) {
            super.put(key, value, SecretScope.DEFAULT);
        }
    }

    private final MapSecretStore source = new MapSecretStore();
    private final CountingTarget target = new CountingTarget();

    private JsonNode payload() throws Exception {
        return JSON.readTree("{\"auth\":{\"clientSecret\":\"kv://secrets/client-secret\","
                + "\"nested\":[{\"token\":\"kv://integrations/slack-token\"},\"prefix kv://integrations/webhook-key\"]},"
                + "\"missing\":\"kv://integrations/not-there\",\"field\":\"kv://prod/db#password\"}");
    }

    @Test
    void writesExactlyTheMergedSetInOneBulkWrite() throws Exception {
        source.put("vault/client-secret", "resolved-client-secret-value", SecretScope.DEFAULT);
        source.put("integrations/slack-token", "xoxb-slack-token-value", SecretScope.DEFAULT);
        source.put("integrations/webhook-key", "webhook-key-value-123", SecretScope.DEFAULT);
        target.seed("secrets/api-key", "old-api-key-value");
        Map<String, String> env = Map.of(
                "KV_SECRETS_CLIENT_SECRET", "kv://vault/client-secret",
                "KV_SECRETS_API_KEY", "literal-api-key-value",
                "DATABASE_URL", "jdbc:postgresql://db/app");

        SecretPush.Result r = SecretPush.builder()
                .environment(env)
                .payload(payload())
                .source(source)
                .target(target)
                .build()
                .run();

        assertThat(target.bulkWrites).hasSize(1);
        assertThat(target.bulkWrites.get(0))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "secrets/api-key", "literal-api-key-value",
                        "secrets/client-secret", "resolved-client-secret-value",
                        "integrations/slack-token", "xoxb-slack-token-value",
                        "integrations/webhook-key", "webhook-key-value-123"));
        assertThat(r.written())
                .containsExactly(
                        "secrets/api-key",
                        "secrets/client-secret",
                        "integrations/slack-token",
                        "integrations/webhook-key");
        assertThat(r.created())
                .containsExactlyInAnyOrder(
                        "secrets/client-secret", "integrations/slack-token", "integrations/webhook-key");
        assertThat(r.updated()).containsExactly("secrets/api-key");
        assertThat(r.fromEnvironment()).containsExactly("secrets/api-key", "secrets/client-secret");
        assertThat(r.fromPayload()).containsExactly("integrations/slack-token", "integrations/webhook-key");
        assertThat(r.unresolved()).containsExactly("kv://integrations/not-there");
        assertThat(r.warnings())
                .containsExactly(
                        "kv://prod/db#password names a field, not a whole secret; push kv://prod/db instead; skipped",
                        "kv://integrations/not-there could not be resolved from provider 'map' (scope default);"
                                + " integrations/not-there skipped");
        assertThat(r.accessDenied()).isFalse();
        assertThat(r.toString())
                .doesNotContain("resolved-client-secret-value", "xoxb-slack-token-value", "literal-api-key-value");
    }

    @Test
    void envEntryWinsOverThePayloadForTheSameKey() throws Exception {
        source.put("secrets/client-secret", "from-source-value", SecretScope.DEFAULT);
        SecretPush.builder()
                .environment(Map.of("KV_SECRETS_CLIENT_SECRET", "from-env-value"))
                .payload(JSON.readTree("[\"kv://secrets/client-secret\"]"))
                .source(source)
                .target(target)
                .build()
                .run();
        assertThat(target.bulkWrites).containsExactly(Map.of("secrets/client-secret", "from-env-value"));
    }

    @Test
    void accessDeniedIsAWarningUnlessStrict() {
        target.deny = true;
        SecretPush push = SecretPush.builder()
                .environment(Map.of("KV_SECRETS_CLIENT_SECRET", "value-1234"))
                .source(source)
                .target(target)
                .build();
        SecretPush.Result r = push.run();
        assertThat(r.accessDenied()).isTrue();
        assertThat(r.written()).isEmpty();
        assertThat(r.warnings())
                .containsExactly("provider 'target' denied the write, nothing was pushed:"
                        + " HTTP 403 from target for putAll (scope default)");

        SecretPush strict = SecretPush.builder()
                .environment(Map.of("KV_SECRETS_CLIENT_SECRET", "value-1234"))
                .source(source)
                .target(target)
                .strict(true)
                .build();
        assertThatThrownBy(strict::run).isInstanceOf(SecretAccessDeniedException.class);
    }

    @Test
    void strictFailsOnAnUnresolvedReferenceBeforeWriting() {
        SecretPush push = SecretPush.builder()
                .environment(Map.of("KV_SECRETS_CLIENT_SECRET", "kv://nowhere/to-be-found"))
                .source(source)
                .target(target)
                .strict(true)
                .build();
        assertThatThrownBy(push::run)
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("push stopped, nothing written: unresolved references kv://nowhere/to-be-found");
        assertThat(target.bulkWrites).isEmpty();
    }

    @Test
    void namesOutsideTheConventionAreSkippedWithAWarning() {
        SecretPush.Result r = SecretPush.builder()
                .environment(Map.of("KV_LONELY", "value-1234", "KV_SECRETS_TOKEN", "token-value-1234"))
                .target(target)
                .build()
                .run();
        assertThat(r.written()).containsExactly("secrets/token");
        assertThat(r.warnings())
                .containsExactly("KV_LONELY does not follow the KV_ naming convention (KV_SECRETS_CLIENT_SECRET ->"
                        + " secrets/client-secret); skipped");
    }

    @Test
    void nothingToPushWritesNothing() {
        SecretPush.Result r = SecretPush.builder()
                .environment(Map.of("PATH", "/usr/bin"))
                .target(target)
                .build()
                .run();
        assertThat(target.bulkWrites).isEmpty();
        assertThat(r.warnings()).containsExactly("nothing to push");
    }

    @Test
    void aTargetIsRequired() {
        assertThatThrownBy(() -> SecretPush.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("target is required");
    }
}
