package dev.arcanum.secrets.azure;

import dev.arcanum.secrets.spi.Setting;
import java.util.List;

/**
 * The settings of the {@code azure} provider. Each has a property name ({@code
 * secrets.azure.vault-url}) and its environment spelling ({@code SECRETS_AZURE_VAULT_URL}); the
 * Azure conventional variables ({@code AZURE_KEYVAULT_URL}, {@code AZURE_IDENTITY_ENDPOINT}, …) are
 * read too.
 *
 * <p>Constants only; thread-safe.
 */
public final class AzureKeyVaultSettings {
    /** The vault, for example {@code https://myvault.vault.azure.net}. Required. */
    public static final Setting VAULT_URL = Setting.required(
                    "secrets.azure.vault-url", "Key Vault URL, for example https://myvault.vault.azure.net")
            .alsoFrom("AZURE_KEYVAULT_URL");

    /** Which credential to use: {@code auto}, {@code managed-identity}, {@code client-secret} or {@code default}. */
    public static final Setting CREDENTIAL = Setting.optional(
            "secrets.azure.credential",
            "auto (managed identity if its endpoint is set, else client secret), managed-identity, client-secret,"
                    + " or default (DefaultAzureCredential; needs com.azure:azure-identity on the class path)",
            "auto");

    /** The managed-identity token endpoint (App Service / Container Apps protocol). */
    public static final Setting IDENTITY_ENDPOINT = Setting.optional(
                    "secrets.azure.identity-endpoint", "managed-identity token endpoint (set by the platform)")
            .alsoFrom("AZURE_IDENTITY_ENDPOINT", "IDENTITY_ENDPOINT");

    /** The anti-SSRF header value of the managed-identity endpoint. A credential. */
    public static final Setting IDENTITY_HEADER = Setting.optional(
                    "secrets.azure.identity-header",
                    "X-IDENTITY-HEADER value for the token endpoint (set by the platform)")
            .asCredential()
            .alsoFrom("AZURE_IDENTITY_HEADER", "IDENTITY_HEADER");

    /** Client id of a user-assigned managed identity; unset means the system-assigned identity. */
    public static final Setting MANAGED_IDENTITY_CLIENT_ID = Setting.optional(
            "secrets.azure.managed-identity-client-id",
            "client id of a user-assigned managed identity (unset: the system-assigned identity)");

    /** Application (client) id for the client-secret credential. */
    public static final Setting CLIENT_ID = Setting.optional(
                    "secrets.azure.client-id", "application (client) id for the client-secret credential")
            .alsoFrom("AZURE_CLIENT_ID");

    /** Client secret for the client-secret credential. A credential. */
    public static final Setting CLIENT_SECRET = Setting.optional(
                    "secrets.azure.client-secret", "client secret for the client-secret credential")
            .asCredential()
            .alsoFrom("AZURE_CLIENT_SECRET");

    /** Directory (tenant) id for the client-secret credential. */
    public static final Setting TENANT_ID = Setting.optional(
                    "secrets.azure.tenant-id", "directory (tenant) id for the client-secret credential")
            .alsoFrom("AZURE_TENANT_ID");

    /** Microsoft Entra authority host, for sovereign clouds. */
    public static final Setting AUTHORITY_HOST = Setting.optional(
                    "secrets.azure.authority-host",
                    "Microsoft Entra authority host (sovereign clouds: https://login.microsoftonline.us, …)",
                    "https://login.microsoftonline.com")
            .alsoFrom("AZURE_AUTHORITY_HOST");

    /** A PEM file of CA certificates trusted in addition to the JDK's roots. */
    public static final Setting CA_BUNDLE = Setting.optional(
            "secrets.azure.ca-bundle",
            "PEM file of CA certificates trusted in addition to the JDK's roots (for a local emulator's certificate)");

    /** Emulator-only: skip the check that the challenge's resource matches the vault's domain. */
    public static final Setting DISABLE_CHALLENGE_RESOURCE_VERIFICATION = Setting.optional(
            "secrets.azure.disable-challenge-resource-verification",
            "emulator only: accept an authentication challenge whose resource is not the vault's domain",
            "false");

    /** How many reads {@code getMany} runs at once. */
    public static final Setting GET_MANY_PARALLELISM = Setting.optional(
            "secrets.azure.get-many-parallelism", "reads getMany runs at once (Key Vault has no batch read)", "8");

    /** Purge after deleting (needs the purge permission); off keeps soft-deleted secrets recoverable. */
    public static final Setting PURGE_ON_DELETE = Setting.optional(
            "secrets.azure.purge-on-delete",
            "purge a secret after deleting it (needs purge permission); off leaves it soft-deleted and recoverable",
            "false");

    /** Time allowed for one HTTP response. */
    public static final Setting TIMEOUT =
            Setting.optional("secrets.azure.timeout", "time allowed for one HTTP response", "30s");

    /** Retries of throttled (429), failed (5xx) or broken calls. */
    public static final Setting MAX_RETRIES = Setting.optional(
            "secrets.azure.max-retries",
            "retries of a throttled (429), 5xx or broken call (exponential back-off)",
            "3");

    /** First back-off delay; doubled per retry unless the service sends Retry-After. */
    public static final Setting RETRY_BASE_DELAY = Setting.optional(
            "secrets.azure.retry-base-delay", "first back-off delay, doubled per retry (Retry-After wins)", "800ms");

    /** Longest back-off delay. */
    public static final Setting RETRY_MAX_DELAY =
            Setting.optional("secrets.azure.retry-max-delay", "longest back-off delay", "60s");

    /** A key read by the health check instead of listing one page. */
    public static final Setting HEALTH_CANARY = Setting.optional(
            "secrets.azure.health-canary", "key the health check reads (default: list one page of secret names)");

    /** The Key Vault REST api-version. */
    public static final Setting SERVICE_VERSION = Setting.optional(
            "secrets.azure.service-version", "Key Vault api-version (7.0 to 7.6); default the SDK's latest");

    private AzureKeyVaultSettings() {}

    /**
     * @return every setting, in the order the docs list them
     */
    public static List<Setting> all() {
        return List.of(
                VAULT_URL,
                CREDENTIAL,
                IDENTITY_ENDPOINT,
                IDENTITY_HEADER,
                MANAGED_IDENTITY_CLIENT_ID,
                CLIENT_ID,
                CLIENT_SECRET,
                TENANT_ID,
                AUTHORITY_HOST,
                CA_BUNDLE,
                DISABLE_CHALLENGE_RESOURCE_VERIFICATION,
                GET_MANY_PARALLELISM,
                PURGE_ON_DELETE,
                TIMEOUT,
                MAX_RETRIES,
                RETRY_BASE_DELAY,
                RETRY_MAX_DELAY,
                HEALTH_CANARY,
                SERVICE_VERSION);
    }
}
