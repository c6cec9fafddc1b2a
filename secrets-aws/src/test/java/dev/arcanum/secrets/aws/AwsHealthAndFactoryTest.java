package dev.arcanum.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.aws.fake.SecretsManagerFake;
import dev.arcanum.secrets.spi.Setting;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwsHealthAndFactoryTest {
    private SecretsManagerFake fake;

    @BeforeEach
    void start() {
        fake = new SecretsManagerFake().start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void healthyIsOneListSecretsWithMaxResultsOne() {
        try (AwsSecretsManagerProvider p = FakeBackedProviders.provider(fake)) {
            SecretProviderHealth h = p.healthCheck();

            assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
            assertThat(h.message()).isEqualTo("AWS Secrets Manager answered ListSecrets (MaxResults=1)");
            assertThat(h.details())
                    .containsEntry("region", "us-east-1")
                    .containsEntry("endpoint", fake.endpoint().toString());
            assertThat(fake.calls()).hasSize(1);
            assertThat(fake.calls().get(0).body().get("MaxResults").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aCanaryIsDescribedInstead() {
        fake.seed("health/canary", "x-canary-value");
        try (AwsSecretsManagerProvider p =
                FakeBackedProviders.provider(fake, Map.of("secrets.aws.health-canary", "health/canary"))) {
            assertThat(p.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
            assertThat(fake.count("DescribeSecret")).isEqualTo(1);
            assertThat(fake.count("GetSecretValue")).isZero();
        }
    }

    @Test
    void throttlingIsDegraded() {
        fake.failNext("ListSecrets", 1, 400, "ThrottlingException", "Rate exceeded");
        try (AwsSecretsManagerProvider p =
                FakeBackedProviders.provider(fake, Map.of("secrets.aws.max-attempts", "1"))) {
            SecretProviderHealth h = p.healthCheck();

            assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.DEGRADED);
            assertThat(h.message())
                    .isEqualTo("AWS Secrets Manager is throttling ListSecrets (MaxResults=1) (ThrottlingException);"
                            + " reads may be slow or fail until the rate drops");
        }
    }

    @Test
    void badCredentialsAreUnavailableWithTheCredentialSourceNeverTheKeys() {
        fake.failNext(
                "ListSecrets",
                1,
                400,
                "UnrecognizedClientException",
                "The security token included in the request is invalid.");
        try (AwsSecretsManagerProvider p = FakeBackedProviders.provider(fake, Map.of("AWS_PROFILE", "ci"))) {
            SecretProviderHealth h = p.healthCheck();

            assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
            assertThat(h.message()).contains("UnrecognizedClientException").contains("profile 'ci'");
            assertThat(h.details()).containsEntry("credentials", "the SDK default credential chain with profile 'ci'");
            assertThat(h.toString())
                    .doesNotContain(FakeBackedProviders.ACCESS_KEY_ID)
                    .doesNotContain(FakeBackedProviders.SECRET_ACCESS_KEY);
        }
    }

    @Test
    void noCredentialsAnywhereIsUnavailableWithAHint() {
        software.amazon.awssdk.services.secretsmanager.SecretsManagerClient client =
                software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder()
                        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                        .endpointOverride(fake.endpoint())
                        .credentialsProvider(() -> {
                            throw software.amazon.awssdk.core.exception.SdkClientException.create(
                                    "Unable to load credentials from any of the providers in the chain");
                        })
                        .build();
        try (AwsSecretsManagerProvider p = AwsSecretsManagerProvider.builder(client)
                .ownsClient(true)
                .region("us-east-1")
                .credentialSource("the test's credentials provider")
                .build()) {
            SecretProviderHealth h = p.healthCheck();

            assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
            assertThat(h.message())
                    .isEqualTo("AWS Secrets Manager ListSecrets of '*': no usable AWS credentials from the test's"
                            + " credentials provider; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                            + " AWS_SECRET_ACCESS_KEY, or run with a role");
            assertThat(fake.calls()).isEmpty();
        }
    }

    @Test
    void anUnreachableEndpointIsUnavailable() {
        try (AwsSecretsManagerProvider p =
                FakeBackedProviders.provider(fake, Map.of("secrets.aws.max-attempts", "1"))) {
            fake.close();
            SecretProviderHealth h = p.healthCheck();

            assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
            assertThat(h.message()).startsWith("AWS Secrets Manager ListSecrets of '*' failed without an answer");
        }
    }

    @Test
    void isDiscoveredByNameAndAlias() {
        assertThat(SecretProviders.available()).contains("aws");
        assertThat(SecretProviders.factory("aws_sm")).isInstanceOf(AwsSecretsManagerProviderFactory.class);
        try (SecretProvider p = new AwsSecretsManagerProviderFactory()
                .create(SecretsConfig.of(Map.of(
                        "secrets.provider", "aws_sm",
                        "AWS_REGION", "eu-west-1",
                        "AWS_ENDPOINT_URL", fake.endpoint().toString())))) {
            assertThat(p.name()).isEqualTo("aws_sm");
            assertThat(p.healthCheck().details()).containsEntry("region", "eu-west-1");
        }
    }

    @Test
    void theServiceSpecificEndpointVariableWinsOverTheGeneralOne() {
        try (SecretProvider p = new AwsSecretsManagerProviderFactory()
                .create(SecretsConfig.of(Map.of(
                        "AWS_REGION", "eu-west-1",
                        "AWS_ENDPOINT_URL_SECRETS_MANAGER", fake.endpoint().toString(),
                        "AWS_ENDPOINT_URL", "http://127.0.0.1:9")))) {
            assertThat(p.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
        }
    }

    @Test
    void reportsEveryBadSettingAtOnce() {
        SecretsConfig config = SecretsConfig.of(Map.of(
                "AWS_REGION", "Not A Region",
                "secrets.aws.max-attempts", "0",
                "secrets.aws.prefix", "/app",
                "secrets.aws.recovery-window-days", "3",
                "secrets.aws.api-call-timeout", "soon",
                "secrets.aws.force-delete", "maybe"));

        assertThatThrownBy(() -> new AwsSecretsManagerProviderFactory().create(config))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage(
                        "Provider 'aws': multiple validation failures:\n"
                                + "  - secrets.aws.max-attempts (SECRETS_AWS_MAX_ATTEMPTS) is '0': expected a whole number from 1 to 10\n"
                                + "  - secrets.aws.api-call-timeout (SECRETS_AWS_API_CALL_TIMEOUT) is 'soon': expected a duration such as 500ms, 30s, 5m, 1h or PT5M\n"
                                + "  - secrets.aws.recovery-window-days (SECRETS_AWS_RECOVERY_WINDOW_DAYS) is '3': expected a whole number from 7 to 30\n"
                                + "  - secrets.aws.force-delete (SECRETS_AWS_FORCE_DELETE) is 'maybe': expected true or false\n"
                                + "  - secrets.aws.prefix (SECRETS_AWS_PREFIX) is '/app': it must not start or end with '/' nor contain '//'\n"
                                + "  - secrets.aws.region (SECRETS_AWS_REGION or AWS_REGION) is 'Not A Region': expected a region code such as eu-west-1");
    }

    @Test
    void aCaBundleThatIsNotPemIsAConfigurationError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path notPem = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        SecretsConfig config = SecretsConfig.of(Map.of("AWS_REGION", "eu-west-1", "AWS_CA_BUNDLE", notPem.toString()));

        assertThatThrownBy(() -> new AwsSecretsManagerProviderFactory().create(config))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessageStartingWith("Provider 'aws': secrets.aws.ca-bundle (SECRETS_AWS_CA_BUNDLE or AWS_CA_BUNDLE)"
                        + " is unusable: The CA bundle " + notPem);
    }

    @Test
    void aMalformedCanaryIsAConfigurationError() {
        SecretsConfig config = SecretsConfig.of(Map.of("AWS_REGION", "eu-west-1", "secrets.aws.health-canary", "a b"));

        assertThatThrownBy(() -> new AwsSecretsManagerProviderFactory().create(config))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'aws': secrets.aws.health-canary (SECRETS_AWS_HEALTH_CANARY) is not a valid key:"
                        + " Invalid key 'a b': use only letters, digits, '.', '_' and '-' in each segment, '/' between"
                        + " segments");
    }

    @Test
    void listsItsSettingsWithConventionalVariables() {
        assertThat(new AwsSecretsManagerProviderFactory().settings())
                .extracting(Setting::displayName)
                .contains(
                        "secrets.aws.region (SECRETS_AWS_REGION or AWS_REGION)",
                        "secrets.aws.profile (SECRETS_AWS_PROFILE or AWS_PROFILE)",
                        "secrets.aws.endpoint (SECRETS_AWS_ENDPOINT or AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL)");
    }
}
