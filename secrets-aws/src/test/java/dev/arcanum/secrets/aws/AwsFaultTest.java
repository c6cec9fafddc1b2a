package dev.arcanum.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.aws.fake.SecretsManagerFake;
import dev.arcanum.secrets.test.LeakDetector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults injected into the fake, seen through the factory-built client and its SDK retry policy. */
class AwsFaultTest {
    private static final String VALUE = "fault-test-value-7f3a9c1e";

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    private SecretsManagerFake fake;

    @BeforeEach
    void start() {
        leaks.watch(FakeBackedProviders.CREDENTIALS);
        leaks.watch(VALUE);
        fake = new SecretsManagerFake().start();
        fake.seed("app/key", VALUE);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private AwsSecretsManagerProvider provider(Map<String, String> settings) {
        return FakeBackedProviders.provider(fake, settings);
    }

    @Test
    void throttlingIsRetriedByTheSdkThenReportedAsUnavailable() {
        fake.failNext("GetSecretValue", 5, 400, "ThrottlingException", "Rate exceeded");
        try (AwsSecretsManagerProvider p = provider(Map.of("secrets.aws.max-attempts", "2"))) {
            Throwable t = catchThrown(() -> p.get("app/key"));

            assertThat(t)
                    .isInstanceOf(SecretProviderUnavailableException.class)
                    .hasMessage("AWS Secrets Manager throttled GetSecretValue of 'app/key' (ThrottlingException,"
                            + " HTTP 400: Rate exceeded) after 2 attempt(s); lower the call rate (a cache TTL) or"
                            + " raise secrets.aws.max-attempts");
            assertThat(fake.count("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void oneThrottledAttemptIsAbsorbedByTheRetry() {
        fake.failNext("GetSecretValue", 1, 400, "ThrottlingException", "Rate exceeded");
        try (AwsSecretsManagerProvider p = provider(Map.of())) {
            assertThat(p.get("app/key").value()).isEqualTo(VALUE);
            assertThat(fake.count("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void a500ThenSuccessIsOneRetry() {
        fake.failNext("GetSecretValue", 1, 500, "InternalServiceError", "An error occurred on the server side.");
        try (AwsSecretsManagerProvider p = provider(Map.of())) {
            assertThat(p.get("app/key").value()).isEqualTo(VALUE);
            assertThat(fake.count("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void persistent5xxIsUnavailable() {
        fake.failNext("GetSecretValue", 3, 500, "InternalServiceError", "An error occurred on the server side.");
        try (AwsSecretsManagerProvider p = provider(Map.of())) {
            Throwable t = catchThrown(() -> p.get("app/key"));
            assertThat(t)
                    .isInstanceOf(SecretProviderUnavailableException.class)
                    .hasMessageStartingWith(
                            "AWS Secrets Manager failed GetSecretValue of 'app/key' (InternalServiceError, HTTP 500");
            assertThat(fake.count("GetSecretValue")).isEqualTo(3);
        }
    }

    @Test
    void decryptionFailureIsDeniedWithTheKmsHintAndNotRetried() {
        fake.failDecryption("app/key");
        try (AwsSecretsManagerProvider p = provider(Map.of())) {
            Throwable t = catchThrown(() -> p.get("app/key"));

            assertThat(t)
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessage("AWS Secrets Manager could not decrypt secret 'app/key' (DecryptionFailure, HTTP 400:"
                            + " Secrets Manager can't decrypt the protected secret text using the provided KMS key.):"
                            + " the caller needs kms:Decrypt on the secret's KMS key and the key must be enabled;"
                            + " check the key policy and the secret's KmsKeyId");
            assertThat(fake.count("GetSecretValue")).isEqualTo(1);
        }
    }

    @Test
    void accessDeniedOnOneIdOfABatchIsThrownNotMasked() {
        fake.seed("app/denied", "other-value-5b2d8e41");
        leaks.watch("other-value-5b2d8e41");
        fake.denyAccess("app/denied");
        try (AwsSecretsManagerProvider p = provider(Map.of())) {
            Throwable t = catchThrown(() -> p.getMany(List.of("app/key", "app/denied", "app/missing")));

            assertThat(t)
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessageStartingWith(
                            "Access denied: BatchGetSecretValue of secret 'app/denied' (AccessDeniedException:"
                                    + " User: arn:aws:iam::123456789012:user/test is not authorized");
            assertThat(fake.count("BatchGetSecretValue")).isEqualTo(1);
        }
    }

    @Test
    void missingAndDeletedIdsOfABatchAreAbsentNotFailures() {
        fake.seed("app/deleted", "deleted-value-93ac01f2");
        leaks.watch("deleted-value-93ac01f2");
        try (AwsSecretsManagerProvider p = provider(Map.of())) {
            p.delete("app/deleted");

            assertThat(p.getMany(List.of("app/key", "app/deleted", "app/missing")))
                    .containsOnlyKeys("app/key");
        }
    }

    @Test
    void aSecretScheduledForDeletionHasItsOwnMessage() {
        try (AwsSecretsManagerProvider p = provider(Map.of())) {
            p.delete("app/key");
            Throwable t = catchThrown(() -> p.get("app/key"));

            assertThat(t)
                    .isInstanceOf(SecretNotFoundException.class)
                    .hasMessage("Secret 'app/key' is scheduled for deletion in AWS Secrets Manager (region us-east-1);"
                            + " restore it with 'aws secretsmanager restore-secret --secret-id app/key' or write a new"
                            + " value (put restores it)");
        }
    }

    @Test
    void aSlowResponsePastTheAttemptTimeoutIsUnavailable() {
        fake.delayNext("GetSecretValue", 1, Duration.ofMillis(1500));
        try (AwsSecretsManagerProvider p =
                provider(Map.of("secrets.aws.api-call-attempt-timeout", "200ms", "secrets.aws.max-attempts", "1"))) {
            long start = System.nanoTime();
            Throwable t = catchThrown(() -> p.get("app/key"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(t)
                    .isInstanceOf(SecretProviderUnavailableException.class)
                    .hasMessageStartingWith("AWS Secrets Manager GetSecretValue of 'app/key' failed without an answer"
                            + " (region us-east-1):");
            assertThat(took).isLessThan(Duration.ofMillis(1200));
        }
    }

    @Test
    void aWriteRetriedAfterATimeoutCreatesOneVersion() {
        fake.delayNext("PutSecretValue", 1, Duration.ofMillis(1500)); // stored, but the answer comes too late
        try (AwsSecretsManagerProvider p =
                provider(Map.of("secrets.aws.api-call-attempt-timeout", "300ms", "secrets.aws.max-attempts", "2"))) {
            String version = p.put("app/key", "second-value-41d7").version();
            leaks.watch("second-value-41d7");

            assertThat(fake.count("PutSecretValue")).isEqualTo(2);
            // The SDK resent the same ClientRequestToken, so the retry was an idempotent no-op.
            assertThat(fake.calls().get(0).body().get("ClientRequestToken"))
                    .isEqualTo(fake.calls().get(1).body().get("ClientRequestToken"));
            assertThat(fake.stages("app/key")).hasSize(2).containsEntry(version, List.of("AWSCURRENT"));
        }
    }

    @Test
    void aConnectionResetIsRetried() {
        fake.resetNext("GetSecretValue", 1);
        try (AwsSecretsManagerProvider p = provider(Map.of())) {
            assertThat(p.get("app/key").value()).isEqualTo(VALUE);
            assertThat(fake.count("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void repeatedConnectionResetsAreUnavailable() {
        fake.resetNext("GetSecretValue", 5);
        try (AwsSecretsManagerProvider p = provider(Map.of("secrets.aws.max-attempts", "2"))) {
            Throwable t = catchThrown(() -> p.get("app/key"));

            assertThat(t)
                    .isInstanceOf(SecretProviderUnavailableException.class)
                    .hasMessageStartingWith("AWS Secrets Manager GetSecretValue of 'app/key' failed without an answer");
            assertThat(fake.count("GetSecretValue")).isEqualTo(2);
        }
    }

    @Test
    void aFailedWriteNeverShowsTheValue() {
        fake.failNext("PutSecretValue", 1, 400, "EncryptionFailure", "Secrets Manager can't encrypt the secret.");
        try (AwsSecretsManagerProvider p = provider(Map.of())) {
            Throwable t = catchThrown(() -> p.put("app/key", "new-value-c0ffee12"));
            leaks.watch("new-value-c0ffee12");

            assertThat(t).isInstanceOf(SecretAccessDeniedException.class).hasMessageContaining("kms:GenerateDataKey");
        }
    }

    private Throwable catchThrown(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            leaks.assertNoLeak(e);
            return e;
        }
        throw new AssertionError("nothing was thrown");
    }
}
