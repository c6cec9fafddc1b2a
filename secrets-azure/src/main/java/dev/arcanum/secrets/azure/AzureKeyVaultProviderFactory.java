package dev.arcanum.secrets.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryOptions;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.azure.security.keyvault.secrets.SecretServiceVersion;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.azure.internal.ClientSecretCredential;
import dev.arcanum.secrets.azure.internal.ManagedIdentityCredential;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import dev.arcanum.secrets.spi.SettingsReader;
import dev.arcanum.secrets.spi.TlsTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@code azure} provider (alias {@code azure_kv}): Azure Key Vault secrets through
 * {@code azure-security-keyvault-secrets} over the JDK HTTP client. See {@link
 * AzureKeyVaultSettings} for the settings.
 *
 * <p>The constructor does no I/O. Thread-safe.
 */
public final class AzureKeyVaultProviderFactory implements SecretProviderFactory {
    private static final Logger LOG = LoggerFactory.getLogger(AzureKeyVaultProviderFactory.class);
    private static final String DEFAULT_CREDENTIAL_BUILDER = "com.azure.identity.DefaultAzureCredentialBuilder";

    /** Creates the factory; no I/O. */
    public AzureKeyVaultProviderFactory() {}

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("azure_kv");
    }

    @Override
    public List<Setting> settings() {
        return AzureKeyVaultSettings.all();
    }

    @Override
    public SecretProvider create(SecretsConfig config) {
        return create(config, Clock.systemUTC(), Duration.ofSeconds(1));
    }

    /** Package-private for tests: the clock decides token and expiry checks; the poll interval purges. */
    AzureKeyVaultSecretProvider create(SecretsConfig config, Clock clock, Duration purgePollInterval) {
        SettingsReader r = new SettingsReader(name(), config);
        URI vaultUrl = r.uri(AzureKeyVaultSettings.VAULT_URL);
        String credential = r.string(AzureKeyVaultSettings.CREDENTIAL);
        String identityEndpoint = r.string(AzureKeyVaultSettings.IDENTITY_ENDPOINT);
        String identityHeader = r.string(AzureKeyVaultSettings.IDENTITY_HEADER);
        String miClientId = r.string(AzureKeyVaultSettings.MANAGED_IDENTITY_CLIENT_ID);
        String clientId = r.string(AzureKeyVaultSettings.CLIENT_ID);
        String clientSecret = r.string(AzureKeyVaultSettings.CLIENT_SECRET);
        String tenantId = r.string(AzureKeyVaultSettings.TENANT_ID);
        URI authorityHost = r.uri(AzureKeyVaultSettings.AUTHORITY_HOST);
        Path caBundle = r.path(AzureKeyVaultSettings.CA_BUNDLE);
        Boolean disableChallengeCheck = r.bool(AzureKeyVaultSettings.DISABLE_CHALLENGE_RESOURCE_VERIFICATION);
        Integer parallelism = r.integer(AzureKeyVaultSettings.GET_MANY_PARALLELISM, 1, 64);
        Boolean purge = r.bool(AzureKeyVaultSettings.PURGE_ON_DELETE);
        Duration timeout = r.duration(AzureKeyVaultSettings.TIMEOUT);
        Integer maxRetries = r.integer(AzureKeyVaultSettings.MAX_RETRIES, 0, 10);
        Duration baseDelay = r.duration(AzureKeyVaultSettings.RETRY_BASE_DELAY);
        Duration maxDelay = r.duration(AzureKeyVaultSettings.RETRY_MAX_DELAY);
        String canary = r.string(AzureKeyVaultSettings.HEALTH_CANARY);
        String serviceVersion = r.string(AzureKeyVaultSettings.SERVICE_VERSION);

        if (vaultUrl != null && !"https".equalsIgnoreCase(vaultUrl.getScheme())) {
            r.fail(
                    AzureKeyVaultSettings.VAULT_URL,
                    "must be an https:// URL (Key Vault and the SDK accept HTTPS only;"
                            + " for a local emulator use its HTTPS port and secrets.azure.ca-bundle)");
        }
        if (timeout != null && timeout.isZero()) {
            r.fail(AzureKeyVaultSettings.TIMEOUT, "must be more than zero");
        }
        if (baseDelay != null && maxDelay != null && baseDelay.compareTo(maxDelay) > 0) {
            r.fail(AzureKeyVaultSettings.RETRY_BASE_DELAY, "must not be longer than secrets.azure.retry-max-delay");
        }
        SecretServiceVersion version = null;
        if (serviceVersion != null) {
            for (SecretServiceVersion v : SecretServiceVersion.values()) {
                if (v.getVersion().equals(serviceVersion)) {
                    version = v;
                }
            }
            if (version == null) {
                r.fail(
                        AzureKeyVaultSettings.SERVICE_VERSION,
                        "is '" + serviceVersion + "': expected one of "
                                + List.of(SecretServiceVersion.values()).stream()
                                        .map(SecretServiceVersion::getVersion)
                                        .toList());
            }
        }
        List<X509Certificate> extraCas = List.of();
        if (caBundle != null) {
            try {
                extraCas = TlsTrust.readPemBundle(caBundle);
            } catch (SecretConfigurationException e) {
                r.fail(AzureKeyVaultSettings.CA_BUNDLE, "is unusable: " + e.getMessage());
            }
        }
        String kind = credentialKind(r, credential, identityEndpoint, identityHeader, clientId, clientSecret, tenantId);
        URI identityUri = null;
        if ("managed-identity".equals(kind) && identityEndpoint != null) {
            identityUri = parseUri(r, AzureKeyVaultSettings.IDENTITY_ENDPOINT, identityEndpoint);
        }
        r.validate();

        SSLContext ssl = TlsTrust.sslContext(extraCas, null);
        HttpClient tokenHttp = HttpClient.newBuilder()
                .sslContext(ssl)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        TokenCredential tokenCredential;
        switch (kind) {
            case "managed-identity":
                tokenCredential = new ManagedIdentityCredential(
                        identityUri, identityHeader, miClientId, tokenHttp, timeout, clock);
                break;
            case "client-secret":
                tokenCredential = new ClientSecretCredential(
                        authorityHost, tenantId, clientId, clientSecret, tokenHttp, timeout, clock);
                break;
            default:
                tokenCredential = defaultAzureCredential();
        }

        SecretClientBuilder builder = new SecretClientBuilder()
                .vaultUrl(vaultUrl.toString())
                .credential(tokenCredential)
                .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(ssl))
                        .connectionTimeout(timeout)
                        .responseTimeout(timeout)
                        .readTimeout(timeout)
                        .writeTimeout(timeout)
                        .build())
                // Never log bodies or headers, whatever AZURE_HTTP_LOG_DETAIL_LEVEL says: bodies hold values.
                .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE))
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                                .setMaxRetries(maxRetries)
                                .setBaseDelay(baseDelay)
                                .setMaxDelay(maxDelay))
                        .setShouldRetryCondition(AzureKeyVaultProviderFactory::shouldRetry));
        if (version != null) {
            builder.serviceVersion(version);
        }
        if (Boolean.TRUE.equals(disableChallengeCheck)) {
            LOG.warn(
                    "Azure Key Vault provider: challenge-resource verification is OFF ({}). Use this only for a local"
                            + " emulator such as Lowkey Vault; a real vault never needs it. TLS verification stays on.",
                    AzureKeyVaultSettings.DISABLE_CHALLENGE_RESOURCE_VERIFICATION.displayName());
            builder.disableChallengeResourceVerification();
        }
        SecretClient client = builder.buildClient();
        return new AzureKeyVaultSecretProvider(
                name(),
                client,
                vaultUrl.toString(),
                kind,
                parallelism,
                Boolean.TRUE.equals(purge),
                canary,
                purgePollInterval,
                clock);
    }

    /**
     * The SDK's own rule (408, 429, 5xx except 501 and 505; any exception), except that a refused
     * credential or a bad setting is not retried: asking again cannot change the answer.
     */
    static boolean shouldRetry(RequestRetryCondition condition) {
        if (condition.getResponse() != null) {
            int code = condition.getResponse().getStatusCode();
            return code == 408 || code == 429 || (code >= 500 && code != 501 && code != 505);
        }
        for (Throwable t = condition.getThrowable(); t != null; t = t.getCause()) {
            if (t instanceof SecretAccessDeniedException || t instanceof SecretConfigurationException) {
                return false;
            }
        }
        return condition.getThrowable() instanceof Exception;
    }

    private static String credentialKind(
            SettingsReader r,
            String credential,
            String identityEndpoint,
            String identityHeader,
            String clientId,
            String clientSecret,
            String tenantId) {
        String c = credential == null ? "auto" : credential.toLowerCase(Locale.ROOT);
        switch (c) {
            case "auto":
                if (identityEndpoint != null || identityHeader != null) {
                    requireManagedIdentity(r, identityEndpoint, identityHeader);
                    return "managed-identity";
                }
                if (clientId != null || clientSecret != null || tenantId != null) {
                    requireClientSecret(r, clientId, clientSecret, tenantId);
                    return "client-secret";
                }
                r.fail(
                        AzureKeyVaultSettings.CREDENTIAL,
                        "found no credential: set "
                                + AzureKeyVaultSettings.IDENTITY_ENDPOINT.displayName() + " and "
                                + AzureKeyVaultSettings.IDENTITY_HEADER.displayName() + " (managed identity), or "
                                + AzureKeyVaultSettings.CLIENT_ID.displayName() + ", "
                                + AzureKeyVaultSettings.CLIENT_SECRET.displayName() + " and "
                                + AzureKeyVaultSettings.TENANT_ID.displayName() + " (client secret), or "
                                + "secrets.azure.credential=default with com.azure:azure-identity on the class path");
                return "none";
            case "managed-identity":
                requireManagedIdentity(r, identityEndpoint, identityHeader);
                return c;
            case "client-secret":
                requireClientSecret(r, clientId, clientSecret, tenantId);
                return c;
            case "default":
                if (!onClassPath(DEFAULT_CREDENTIAL_BUILDER)) {
                    r.fail(
                            AzureKeyVaultSettings.CREDENTIAL,
                            "is 'default' but com.azure:azure-identity is not on the"
                                    + " class path: add it, or use managed-identity or client-secret");
                }
                return c;
            default:
                r.fail(
                        AzureKeyVaultSettings.CREDENTIAL,
                        "is '" + credential + "': expected auto, managed-identity, client-secret or default");
                return "none";
        }
    }

    private static void requireManagedIdentity(SettingsReader r, String endpoint, String header) {
        if (endpoint == null) {
            r.fail(AzureKeyVaultSettings.IDENTITY_ENDPOINT, "is required for the managed-identity credential");
        }
        if (header == null) {
            r.fail(AzureKeyVaultSettings.IDENTITY_HEADER, "is required for the managed-identity credential");
        }
    }

    private static void requireClientSecret(SettingsReader r, String clientId, String secret, String tenantId) {
        if (clientId == null) {
            r.fail(AzureKeyVaultSettings.CLIENT_ID, "is required for the client-secret credential");
        }
        if (secret == null) {
            r.fail(AzureKeyVaultSettings.CLIENT_SECRET, "is required for the client-secret credential");
        }
        if (tenantId == null) {
            r.fail(AzureKeyVaultSettings.TENANT_ID, "is required for the client-secret credential");
        }
    }

    private static URI parseUri(SettingsReader r, Setting setting, String value) {
        try {
            URI u = new URI(value);
            if (u.getScheme() != null && u.getHost() != null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        r.fail(setting, "is '" + value + "': expected an absolute URL such as http://localhost:8081/msi/token");
        return null;
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, AzureKeyVaultProviderFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** azure-identity is optional: loaded by name so this module does not depend on it. */
    private static TokenCredential defaultAzureCredential() {
        try {
            Class<?> builderClass = Class.forName(
                    DEFAULT_CREDENTIAL_BUILDER, true, AzureKeyVaultProviderFactory.class.getClassLoader());
            Object builder = builderClass.getConstructor().newInstance();
            return (TokenCredential) builderClass.getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            throw new SecretConfigurationException(
                    "Provider 'azure': secrets.azure.credential is 'default' but"
                            + " DefaultAzureCredential could not be built ("
                            + e.getClass().getSimpleName()
                            + "); check the com.azure:azure-identity version matches azure-core",
                    e);
        }
    }
}
