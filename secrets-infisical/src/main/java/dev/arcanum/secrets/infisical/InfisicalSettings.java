package dev.arcanum.secrets.infisical;

import dev.arcanum.secrets.spi.Setting;
import java.util.List;

/**
 * The settings the Infisical provider reads. Each has a property name ({@code secrets.infisical.…}),
 * its environment spelling ({@code SECRETS_INFISICAL_…}) and, where Infisical's own tools already
 * use one, the conventional variable ({@code INFISICAL_API_URL}, {@code INFISICAL_TOKEN}, …).
 *
 * <p>Constants only; immutable and thread-safe.
 */
public final class InfisicalSettings {
    /** Infisical Cloud, United States region: the default site. */
    public static final String CLOUD_US = "https://app.infisical.com";

    /** Infisical Cloud, European region. */
    public static final String CLOUD_EU = "https://eu.infisical.com";

    /** The site, accepted with or without its trailing {@code /api} (as the Infisical CLI writes it). */
    public static final Setting SITE_URL = Setting.optional(
                    "secrets.infisical.site-url",
                    "Infisical site URL, for example https://app.infisical.com or https://infisical.example.com"
                            + " (a trailing /api is accepted); required for infisical_self_host")
            .alsoFrom("INFISICAL_API_URL");

    /** Cloud region when no site URL is set: {@code us} or {@code eu}. */
    public static final Setting REGION = Setting.optional(
            "secrets.infisical.region",
            "Infisical Cloud region used when no site URL is set: us (app.infisical.com) or eu (eu.infisical.com)",
            "us");

    /** Universal-auth client id of the machine identity. */
    public static final Setting CLIENT_ID = Setting.optional(
                    "secrets.infisical.client-id", "universal-auth client id of the machine identity")
            .alsoFrom("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID");

    /** Universal-auth client secret of the machine identity. */
    public static final Setting CLIENT_SECRET = Setting.optional(
                    "secrets.infisical.client-secret", "universal-auth client secret of the machine identity")
            .asCredential()
            .alsoFrom("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");

    /** A ready access token, instead of a client id and secret. */
    public static final Setting TOKEN = Setting.optional(
                    "secrets.infisical.token",
                    "a ready Infisical access token, used instead of the universal-auth client id and secret")
            .asCredential()
            .alsoFrom("INFISICAL_TOKEN");

    /** The project the secrets live in. */
    public static final Setting PROJECT_ID = Setting.required(
                    "secrets.infisical.project-id", "id of the Infisical project that holds the secrets")
            .alsoFrom("INFISICAL_PROJECT_ID");

    /** The environment slug. */
    public static final Setting ENVIRONMENT = Setting.optional(
                    "secrets.infisical.environment", "environment slug, for example dev, staging or prod", "dev")
            .alsoFrom("INFISICAL_ENVIRONMENT");

    /** The base folder every key lives under. */
    public static final Setting SECRET_PATH = Setting.optional(
                    "secrets.infisical.secret-path", "base folder every key lives under, for example / or /app", "/")
            .alsoFrom("INFISICAL_SECRET_PATH");

    /** Which secrets API to call. */
    public static final Setting API_VERSION = Setting.optional(
            "secrets.infisical.api-version",
            "secrets API: v4 (current) or v3 (the deprecated /api/v3/secrets/raw endpoints, for older self-hosted servers)",
            "v4");

    /** Whether the server expands {@code ${…}} references in values. */
    public static final Setting EXPAND_REFERENCES = Setting.optional(
            "secrets.infisical.expand-secret-references",
            "let the server expand ${...} secret references in values (expandSecretReferences)",
            "false");

    /** Whether reads also look in imported folders. */
    public static final Setting INCLUDE_IMPORTS = Setting.optional(
            "secrets.infisical.include-imports",
            "let reads fall back to secrets imported into the folder (include_imports)",
            "false");

    /** A PEM bundle of certificate authorities to trust instead of the JDK's. */
    public static final Setting CA_BUNDLE = Setting.optional(
            "secrets.infisical.ca-bundle",
            "PEM file of certificate authorities to trust for the site (instead of the JDK trust store)");

    /** Connect timeout. */
    public static final Setting CONNECT_TIMEOUT =
            Setting.optional("secrets.infisical.connect-timeout", "time to open a connection", "5s");

    /** Per-request timeout. */
    public static final Setting REQUEST_TIMEOUT =
            Setting.optional("secrets.infisical.request-timeout", "time to wait for one response", "30s");

    /** Retries of 429, 5xx and transport failures. */
    public static final Setting MAX_RETRIES = Setting.optional(
            "secrets.infisical.max-retries", "retries of a request answered 429 or 5xx (0 to 10)", "3");

    /** Longest single wait between retries. */
    public static final Setting MAX_RETRY_WAIT = Setting.optional(
            "secrets.infisical.max-retry-wait",
            "longest wait before one retry; a 429 asking for longer fails at once instead of blocking",
            "60s");

    private InfisicalSettings() {}

    /**
     * @return every setting, in the order {@code secrets doctor} shows them
     */
    public static List<Setting> all() {
        return List.of(
                SITE_URL,
                REGION,
                CLIENT_ID,
                CLIENT_SECRET,
                TOKEN,
                PROJECT_ID,
                ENVIRONMENT,
                SECRET_PATH,
                API_VERSION,
                EXPAND_REFERENCES,
                INCLUDE_IMPORTS,
                CA_BUNDLE,
                CONNECT_TIMEOUT,
                REQUEST_TIMEOUT,
                MAX_RETRIES,
                MAX_RETRY_WAIT);
    }
}
