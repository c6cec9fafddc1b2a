package dev.arcanum.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.aws.fake.SecretsManagerFake;
import dev.arcanum.secrets.aws.fake.SecretsManagerFake.Call;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwsSecretsManagerProviderTest {
    private SecretsManagerFake fake;
    private AwsSecretsManagerProvider provider;

    @BeforeEach
    void start() {
        fake = new SecretsManagerFake().start();
        provider = FakeBackedProviders.provider(fake);
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void readsTheCurrentVersionWithItsVersionIdThroughTheRealSdk() {
        String version = fake.seed("prod/db", "{\"username\":\"app\",\"password\":\"pa55word\"}");

        Secret s = provider.get("prod/db");

        assertThat(s.key()).isEqualTo("prod/db");
        assertThat(s.value()).isEqualTo("{\"username\":\"app\",\"password\":\"pa55word\"}");
        assertThat(s.version()).isEqualTo(version);
        assertThat(s.metadata().attributes()).containsEntry("version-stages", "AWSCURRENT");
        assertThat(s.metadata().attributes().get("arn")).startsWith("arn:aws:secretsmanager:us-east-1:");
        Call call = fake.calls().get(0);
        assertThat(call.operation()).isEqualTo("GetSecretValue");
        assertThat(call.signed()).isTrue();
        assertThat(call.body().get("SecretId").asText()).isEqualTo("prod/db");
    }

    @Test
    void picksAFieldOfAJsonSecretString() {
        fake.seed("prod/db", "{\"username\":\"app\",\"password\":\"pa55word\"}");

        Secret s = provider.get("prod/db#password");

        assertThat(s.key()).isEqualTo("prod/db#password");
        assertThat(s.value()).isEqualTo("pa55word");
        assertThatThrownBy(() -> provider.get("prod/db#port"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'prod/db' has no field 'port'; its fields are [password, username]");
    }

    @Test
    void exposesSecretBinaryAsBytes() {
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        fake.seedBinary("certs/key", bytes);

        Secret s = provider.get("certs/key");

        assertThat(s.isBinary()).isTrue();
        assertThat(s.bytes()).containsExactly(bytes);
    }

    @Test
    void readsByArn() {
        fake.seed("prod/api", "token-value");
        String arn = provider.get("prod/api").metadata().attributes().get("arn");

        Secret s = provider.get(arn);

        assertThat(s.value()).isEqualTo("token-value");
        assertThat(s.key()).isEqualTo(arn);
    }

    @Test
    void getManyTakesArnsAndSkipsNamesOutsideOurKeyGrammar() {
        fake.seed("prod/api", "token-value");
        fake.seed("other+tool@name", "foreign");
        String arn = provider.get("prod/api").metadata().attributes().get("arn");
        fake.clearCalls();

        Map<String, Secret> found = provider.getMany(List.of(arn, "prod/api"));

        assertThat(found).containsOnlyKeys(arn, "prod/api");
        assertThat(found.get(arn).value()).isEqualTo("token-value");
        assertThat(fake.count("BatchGetSecretValue")).isEqualTo(1);
        assertThat(provider.list(SecretScope.DEFAULT))
                .extracting(SecretMetadata::key)
                .containsExactly("prod/api");
    }

    @Test
    void readsPinnedVersionsByIdAndByStagingLabel() {
        provider.put("app/key", "one");
        String first = provider.get("app/key").version();
        provider.put("app/key", "two");

        assertThat(provider.getVersion("app/key", first).value()).isEqualTo("one");
        assertThat(provider.getVersion("app/key", "AWSPREVIOUS").value()).isEqualTo("one");
        assertThat(provider.getVersion("app/key", "stage:AWSCURRENT").value()).isEqualTo("two");
        assertThat(provider.getVersion("app/key", "id:" + first).version()).isEqualTo(first);
        List<Call> gets = fake.calls().stream()
                .filter(c -> c.operation().equals("GetSecretValue"))
                .toList();
        assertThat(gets.get(gets.size() - 4).body().get("VersionId").asText()).isEqualTo(first);
        assertThat(gets.get(gets.size() - 3).body().get("VersionStage").asText())
                .isEqualTo("AWSPREVIOUS");
        assertThatThrownBy(() -> provider.getVersion("app/key", "MYLABEL")).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void putMovesAwsCurrentAndLeavesAwsPrevious() {
        SecretMetadata created = provider.put("app/rotating", "v1");
        SecretMetadata updated = provider.put("app/rotating", "v2");

        assertThat(fake.stages("app/rotating"))
                .containsEntry(created.version(), List.of("AWSPREVIOUS"))
                .containsEntry(updated.version(), List.of("AWSCURRENT"));
        assertThat(fake.count("CreateSecret")).isEqualTo(1);
        assertThat(fake.count("PutSecretValue")).isEqualTo(2); // the first one found nothing to update
    }

    @Test
    void scopesAndThePrefixMapToNamePrefixes() {
        try (AwsSecretsManagerProvider prefixed =
                FakeBackedProviders.provider(fake, Map.of("secrets.aws.prefix", "myapp"))) {
            prefixed.put("db/password", "a", SecretScope.DATABASE);
            prefixed.put("plain", "b", SecretScope.DEFAULT);
        }
        provider.put("other", "c", SecretScope.of("billing"));

        assertThat(fake.names())
                .containsExactlyInAnyOrder("myapp/database/db/password", "myapp/plain", "billing/other");
        assertThatThrownBy(() -> provider.get("other")).isInstanceOf(SecretNotFoundException.class);
        assertThat(provider.get("other", SecretScope.of("billing")).value()).isEqualTo("c");
    }

    @Test
    void rejectsBadNamesAndValuesBeforeAnyCall() {
        String longPrefix = "p".repeat(256);
        try (AwsSecretsManagerProvider prefixed =
                FakeBackedProviders.provider(fake, Map.of("secrets.aws.prefix", longPrefix))) {
            String longKey = "k".repeat(100) + "/" + "k".repeat(100) + "/" + "k".repeat(100);
            assertThatThrownBy(() -> prefixed.get(longKey))
                    .isInstanceOf(InvalidSecretKeyException.class)
                    .hasMessageContaining("is longer than 512 characters");
        }
        assertThatThrownBy(() -> provider.get("bad name")).isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> provider.get("arn:aws:s3:::bucket")).isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> provider.put("big", "x".repeat(65_537), SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretValueException.class)
                .hasMessage(
                        "Value for 'big' is 65537 bytes; AWS Secrets Manager stores at most 65536 bytes (64 KiB) per secret");
        assertThatThrownBy(() -> provider.put("with#field", "x")).isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> provider.putAll(Map.of("ok", "1", "bad", "y".repeat(70_000)), SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretValueException.class);
        assertThatThrownBy(() -> provider.getVersion("ok", "bad label!")).isInstanceOf(InvalidSecretKeyException.class);
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void valuesOfExactly64KiBAreStored() {
        String value = "x".repeat(65_536);
        provider.put("big", value);
        assertThat(provider.get("big").value()).hasSize(65_536);
    }

    @Test
    void getManyOf45KeysMakesExactlyThreeBatchCalls() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            String key = "batch/key-" + i;
            keys.add(key);
            if (i % 9 != 0) { // 5 of them are absent
                fake.seed(key, "value-" + i);
            }
        }

        Map<String, Secret> found = provider.getMany(keys);

        assertThat(fake.count("BatchGetSecretValue")).isEqualTo(3);
        assertThat(fake.count("GetSecretValue")).isZero();
        assertThat(fake.calls())
                .extracting(c -> c.body().get("SecretIdList").size())
                .containsExactly(20, 20, 5);
        assertThat(found).hasSize(40).doesNotContainKeys("batch/key-0", "batch/key-9", "batch/key-36");
        assertThat(found.get("batch/key-44").value()).isEqualTo("value-44");
    }

    @Test
    void getManyFollowsNextTokenAndSelectsFields() {
        fake.pageSize(2);
        fake.seed("a", "{\"f\":\"1\"}");
        fake.seed("b", "2");
        fake.seed("c", "3");

        Map<String, Secret> found = provider.getMany(List.of("a#f", "a", "b", "c", "missing", "a#nofield"));

        assertThat(found).containsOnlyKeys("a#f", "a", "b", "c");
        assertThat(found.get("a#f").value()).isEqualTo("1");
        assertThat(fake.count("BatchGetSecretValue")).isEqualTo(2); // pages of 2 over 4 distinct ids
        assertThat(fake.calls().get(1).body().get("NextToken")).isNotNull();
    }

    @Test
    void currentVersionIsOneDescribeSecretAndNoValueRead() {
        String v1 = fake.seed("rotating", "v1");

        assertThat(provider.currentVersion("rotating", SecretScope.DEFAULT)).contains(v1);
        assertThat(fake.count("DescribeSecret")).isEqualTo(1);
        assertThat(fake.count("GetSecretValue")).isZero();

        String v2 = provider.put("rotating", "v2").version();
        assertThat(provider.currentVersion("rotating#field", SecretScope.DEFAULT))
                .contains(v2);
        assertThatThrownBy(() -> provider.currentVersion("absent", SecretScope.DEFAULT))
                .isInstanceOf(SecretNotFoundException.class);
        provider.delete("rotating");
        assertThatThrownBy(() -> provider.currentVersion("rotating", SecretScope.DEFAULT))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("scheduled for deletion");
    }

    @Test
    void putIfAbsentUsesCreateSecret() {
        assertThat(provider.putIfAbsent("seed/me", "first", SecretScope.DEFAULT))
                .isTrue();
        assertThat(provider.putIfAbsent("seed/me", "second", SecretScope.DEFAULT))
                .isFalse();

        assertThat(provider.get("seed/me").value()).isEqualTo("first");
        assertThat(fake.count("CreateSecret")).isEqualTo(2);
        assertThat(fake.count("PutSecretValue")).isZero();
    }

    @Test
    void deleteUsesARecoveryWindowAndPutRestores() {
        provider.put("temp", "v1");

        assertThat(provider.delete("temp")).isTrue();
        assertThat(lastBody("DeleteSecret").get("RecoveryWindowInDays").asInt()).isEqualTo(30);
        assertThat(lastBody("DeleteSecret").has("ForceDeleteWithoutRecovery")).isFalse();
        assertThat(fake.isScheduledForDeletion("temp")).isTrue();
        assertThat(provider.exists("temp")).isFalse();
        assertThat(provider.delete("temp")).isFalse();
        assertThat(provider.list(SecretScope.DEFAULT)).isEmpty();
        assertThatThrownBy(() -> provider.get("temp"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("is scheduled for deletion");

        provider.put("temp", "v2");
        assertThat(fake.count("RestoreSecret")).isEqualTo(1);
        assertThat(provider.get("temp").value()).isEqualTo("v2");
        assertThat(provider.delete("never-existed")).isFalse();
    }

    @Test
    void forceDeleteOnlyBySetting() {
        try (AwsSecretsManagerProvider forcing =
                FakeBackedProviders.provider(fake, Map.of("secrets.aws.force-delete", "true"))) {
            forcing.put("gone", "v");
            assertThat(forcing.delete("gone")).isTrue();
        }
        assertThat(lastBody("DeleteSecret").get("ForceDeleteWithoutRecovery").asBoolean())
                .isTrue();
        assertThat(lastBody("DeleteSecret").has("RecoveryWindowInDays")).isFalse();
        assertThat(fake.names()).doesNotContain("gone");
    }

    @Test
    void listPagesThroughListSecretsAndKeepsToTheScope() {
        fake.pageSize(2);
        provider.put("b", "1");
        provider.put("a/x", "2");
        provider.put("c", "3");
        provider.put("in-db", "4", SecretScope.DATABASE);
        fake.clearCalls();

        List<SecretMetadata> listed = provider.list(SecretScope.DEFAULT);

        assertThat(listed).extracting(SecretMetadata::key).containsExactly("a/x", "b", "c");
        assertThat(listed.get(0).version()).isNotNull();
        assertThat(fake.count("ListSecrets")).isEqualTo(2);
        assertThat(provider.list(SecretScope.DATABASE))
                .extracting(SecretMetadata::key)
                .containsExactly("in-db");
        assertThat(lastBody("ListSecrets").get("Filters").get(0).get("Key").asText())
                .isEqualTo("name");
        assertThat(lastBody("ListSecrets")
                        .get("Filters")
                        .get(0)
                        .get("Values")
                        .get(0)
                        .asText())
                .isEqualTo("database/");
        assertThat(fake.calls()).noneMatch(c -> c.operation().equals("GetSecretValue"));
    }

    @Test
    void putAllReportsCreatedAndUpdated() {
        provider.put("exists", "old");

        BulkResult result = provider.putAll(Map.of("exists", "new", "fresh", "v"), SecretScope.DEFAULT);

        assertThat(result.created()).containsExactly("fresh");
        assertThat(result.updated()).containsExactly("exists");
        assertThat(provider.get("exists").value()).isEqualTo("new");
    }

    @Test
    void signaturesSurviveOneRotationThroughAwsPrevious() {
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        SignedPayload signed = provider.sign(payload, SecretPurpose.CLI_BRIDGE);
        assertThat(fake.names()).contains("signing-keys/cli-bridge");
        assertThat(signed.metadata().get(SignedPayload.KEY_VERSION))
                .isEqualTo(provider.currentVersion("signing-keys/cli-bridge", SecretScope.DEFAULT)
                        .orElseThrow());

        provider.put("signing-keys/cli-bridge", base64Key('r'));
        try (AwsSecretsManagerProvider fresh = FakeBackedProviders.provider(fake)) {
            assertThat(fresh.verify(payload, signed.signature(), SecretPurpose.CLI_BRIDGE))
                    .isTrue();
            SignedPayload resigned = fresh.sign(payload, SecretPurpose.CLI_BRIDGE);
            assertThat(resigned.signature()).isNotEqualTo(signed.signature());
            assertThat(fresh.verify(payload, resigned.signature(), SecretPurpose.CLI_BRIDGE))
                    .isTrue();
            assertThat(fresh.verify(
                            "other".getBytes(StandardCharsets.UTF_8), resigned.signature(), SecretPurpose.CLI_BRIDGE))
                    .isFalse();
        }

        provider.put("signing-keys/cli-bridge", base64Key('s'));
        try (AwsSecretsManagerProvider fresh = FakeBackedProviders.provider(fake)) {
            assertThat(fresh.verify(payload, signed.signature(), SecretPurpose.CLI_BRIDGE))
                    .isFalse();
        }
    }

    private static String base64Key(char fill) {
        return java.util.Base64.getEncoder()
                .encodeToString(String.valueOf(fill).repeat(32).getBytes(StandardCharsets.UTF_8));
    }

    private com.fasterxml.jackson.databind.JsonNode lastBody(String operation) {
        List<Call> calls = fake.calls().stream()
                .filter(c -> c.operation().equals(operation))
                .toList();
        return calls.get(calls.size() - 1).body();
    }
}
