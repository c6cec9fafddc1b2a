package dev.arcanum.secrets.aws;

import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.aws.internal.AwsNames;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import dev.arcanum.secrets.spi.SettingsReader;
import dev.arcanum.secrets.spi.TlsTrust;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Creates the {@code aws} provider (alias {@code aws_sm}): AWS Secrets Manager through the AWS SDK
 * for Java v2 with the JDK-based URL-connection HTTP client. Region, profile and credentials come
 * from the SDK's default chains; {@link AwsSettings} override or tune them.
 *
 * <p>The constructor does no I/O; {@link #create} builds the SDK client. Thread-safe.
 */
public final class AwsSecretsManagerProviderFactory implements SecretProviderFactory {

    /** Public no-argument constructor for {@link java.util.ServiceLoader}; does no I/O. */
    public AwsSecretsManagerProviderFactory() {}

    @Override
    public String name() {
        return "aws";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("aws_sm");
    }

    @Override
    public List<Setting> settings() {
        return AwsSettings.ALL;
    }

    @Override
    public SecretProvider create(SecretsConfig config) {
        SettingsReader r = new SettingsReader(name(), config);
        String regionText = r.string(AwsSettings.REGION);
        String profile = r.string(AwsSettings.PROFILE);
        URI endpoint = r.uri(AwsSettings.ENDPOINT);
        String prefix = r.string(AwsSettings.PREFIX);
        Integer maxAttempts = r.integer(AwsSettings.MAX_ATTEMPTS, 1, 10);
        Duration callTimeout = r.duration(AwsSettings.API_CALL_TIMEOUT);
        Duration attemptTimeout = r.duration(AwsSettings.API_CALL_ATTEMPT_TIMEOUT);
        Duration connectTimeout = r.duration(AwsSettings.CONNECT_TIMEOUT);
        Integer recoveryDays = r.integer(AwsSettings.RECOVERY_WINDOW_DAYS, 7, 30);
        Boolean force = r.bool(AwsSettings.FORCE_DELETE);
        String canary = r.string(AwsSettings.HEALTH_CANARY);
        Path caBundle = r.path(AwsSettings.CA_BUNDLE);
        TrustManager[] trust = null;
        if (caBundle != null) {
            try {
                trust = new TrustManager[] {TlsTrust.trustManager(TlsTrust.readPemBundle(caBundle))};
            } catch (SecretConfigurationException e) {
                r.fail(AwsSettings.CA_BUNDLE, "is unusable: " + e.getMessage());
            }
        }
        if (prefix != null) {
            String problem = AwsNames.checkPrefix(prefix);
            if (problem != null) {
                r.fail(AwsSettings.PREFIX, problem);
            }
        }
        if (canary != null && (prefix == null || AwsNames.checkPrefix(prefix) == null)) {
            try {
                new AwsNames(prefix).resolve(canary, SecretScope.DEFAULT);
            } catch (InvalidSecretKeyException e) {
                r.fail(AwsSettings.HEALTH_CANARY, "is not a valid key: " + e.getMessage());
            }
        }
        if (regionText != null && !regionText.matches("[a-z0-9-]{1,64}")) {
            r.fail(AwsSettings.REGION, "is '" + regionText + "': expected a region code such as eu-west-1");
        }
        for (Setting s : List.of(
                AwsSettings.API_CALL_TIMEOUT, AwsSettings.API_CALL_ATTEMPT_TIMEOUT, AwsSettings.CONNECT_TIMEOUT)) {
            Duration d = s == AwsSettings.API_CALL_TIMEOUT
                    ? callTimeout
                    : s == AwsSettings.API_CALL_ATTEMPT_TIMEOUT ? attemptTimeout : connectTimeout;
            if (d != null && d.isZero()) {
                r.fail(s, "must be longer than zero");
            }
        }
        r.validate();

        Region region = regionText != null ? Region.of(regionText) : regionFromChain(profile);
        AwsCredentialsProvider credentials = profile == null
                ? DefaultCredentialsProvider.builder().build()
                : DefaultCredentialsProvider.builder().profileName(profile).build();
        String credentialSource = profile == null
                ? "the SDK default credential chain (system properties, environment, web identity, profile"
                        + " 'default', container, instance role)"
                : "the SDK default credential chain with profile '" + profile + "'";

        UrlConnectionHttpClient.Builder httpBuilder = UrlConnectionHttpClient.builder()
                .connectionTimeout(connectTimeout)
                // The socket timeout backs up the attempt timeout for a peer that stops sending.
                .socketTimeout(attemptTimeout);
        if (trust != null) {
            TrustManager[] managers = trust;
            httpBuilder.tlsTrustManagersProvider(() -> managers);
        }
        SdkHttpClient http = httpBuilder.build();
        SecretsManagerClient client;
        try {
            SecretsManagerClientBuilder b = SecretsManagerClient.builder()
                    .httpClient(http)
                    .region(region)
                    .credentialsProvider(credentials)
                    .overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                    .maxAttempts(maxAttempts)
                                    .build())
                            .apiCallTimeout(callTimeout)
                            .apiCallAttemptTimeout(attemptTimeout)
                            .build());
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            client = b.build();
        } catch (RuntimeException e) {
            http.close();
            throw new SecretConfigurationException(
                    "Provider 'aws': cannot build the Secrets Manager client: " + e.getMessage(), e);
        }
        String selected = config.get("secrets.provider");
        return AwsSecretsManagerProvider.builder(client)
                .name(selected != null && aliases().contains(selected) ? selected : name())
                .ownsClient(true)
                .prefix(prefix)
                .region(region.id())
                .endpoint(endpoint == null ? null : endpoint.toString())
                .credentialSource(credentialSource)
                .maxAttempts(maxAttempts)
                .recoveryWindowDays(recoveryDays)
                .forceDelete(force)
                .healthCanary(canary)
                .build();
    }

    private static Region regionFromChain(String profile) {
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            if (profile != null) {
                chain.profileName(profile);
            }
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            throw new SecretConfigurationException("Provider 'aws': " + AwsSettings.REGION.displayName()
                    + " is required: no region in the settings, the profile or the instance metadata;"
                    + " set AWS_REGION, for example AWS_REGION=eu-west-1");
        }
    }
}
