package dev.arcanum.secrets.vault;

import dev.arcanum.secrets.spi.Setting;
import java.util.List;

/**
 * The settings the Vault provider reads. Each has a property spelling ({@code secrets.vault.address})
 * and an environment spelling ({@code SECRETS_VAULT_ADDRESS}); where Vault's own tools already use a
 * variable ({@code VAULT_ADDR}, {@code VAULT_TOKEN}, {@code VAULT_NAMESPACE}, {@code VAULT_CACERT},
 * {@code VAULT_CLIENT_CERT}, {@code VAULT_CLIENT_KEY}) it is honoured after the two spellings.
 *
 * <p>Per-purpose Transit settings {@code secrets.vault.transit.key.<purpose>} and {@code
 * secrets.vault.transit.mode.<purpose>} (for example {@code SECRETS_VAULT_TRANSIT_KEY_CLI_BRIDGE})
 * override {@link #TRANSIT_KEY} and {@link #TRANSIT_MODE} for one purpose; the well-known purposes
 * have constants, an application's own purposes work the same way (the unknown-setting warning then
 * names them, harmlessly).
 *
 * <p>Constants only; thread-safe.
 */
public final class VaultSettings {
    /** Vault's address, scheme included. */
    public static final Setting ADDRESS = Setting.required(
                    "secrets.vault.address", "Vault's address, for example https://vault.example.com:8200")
            .alsoFrom("VAULT_ADDR");

    /** A Vault token (token auth). */
    public static final Setting TOKEN = Setting.optional(
                    "secrets.vault.token", "Vault token for token auth (or use secrets.vault.token-file)")
            .alsoFrom("VAULT_TOKEN")
            .asCredential();

    /** A file holding the token (token auth); re-read when Vault rejects the token. */
    public static final Setting TOKEN_FILE = Setting.optional(
            "secrets.vault.token-file", "file holding the Vault token, for example one a Vault Agent sink writes");

    /** The Vault Enterprise / HCP namespace. */
    public static final Setting NAMESPACE = Setting.optional(
                    "secrets.vault.namespace", "Vault namespace sent as X-Vault-Namespace (HCP Vault: admin)")
            .alsoFrom("VAULT_NAMESPACE");

    /** A PEM CA bundle to trust instead of the JDK's roots. */
    public static final Setting CA_CERT = Setting.optional(
                    "secrets.vault.ca-cert", "PEM file of CA certificates to trust for Vault's TLS certificate")
            .alsoFrom("VAULT_CACERT");

    /** A PEM client certificate (chain) for mutual TLS. */
    public static final Setting CLIENT_CERT = Setting.optional(
                    "secrets.vault.client-cert", "PEM client certificate for mutual TLS")
            .alsoFrom("VAULT_CLIENT_CERT");

    /** The PKCS#8 PEM private key of the client certificate. */
    public static final Setting CLIENT_KEY = Setting.optional(
                    "secrets.vault.client-key", "PKCS#8 PEM private key of the client certificate")
            .alsoFrom("VAULT_CLIENT_KEY");

    /** {@code token}, {@code approle} or {@code kubernetes}. */
    public static final Setting AUTH_METHOD =
            Setting.optional("secrets.vault.auth-method", "token, approle or kubernetes", "token");

    /** Where the auth method is mounted; defaults to the method's name. */
    public static final Setting AUTH_MOUNT = Setting.optional(
            "secrets.vault.auth-mount", "mount path of the auth method (default: approle or kubernetes)");

    /** AppRole role id. */
    public static final Setting APPROLE_ROLE_ID =
            Setting.optional("secrets.vault.approle.role-id", "AppRole role_id (auth-method approle)");

    /** AppRole secret id. */
    public static final Setting APPROLE_SECRET_ID = Setting.optional(
                    "secrets.vault.approle.secret-id",
                    "AppRole secret_id (or use secrets.vault.approle.secret-id-file)")
            .asCredential();

    /** A file holding the AppRole secret id, re-read at each login. */
    public static final Setting APPROLE_SECRET_ID_FILE =
            Setting.optional("secrets.vault.approle.secret-id-file", "file holding the AppRole secret_id");

    /** Kubernetes auth role. */
    public static final Setting KUBERNETES_ROLE =
            Setting.optional("secrets.vault.kubernetes.role", "Vault role for Kubernetes auth");

    /** The service-account JWT file, re-read at each login (projected tokens rotate). */
    public static final Setting KUBERNETES_JWT_FILE = Setting.optional(
            "secrets.vault.kubernetes.jwt-file",
            "service-account token file for Kubernetes auth",
            "/var/run/secrets/kubernetes.io/serviceaccount/token");

    /** Mount path of the KV engine. */
    public static final Setting KV_MOUNT = Setting.optional("secrets.vault.kv.mount", "KV engine mount path", "secret");

    /** KV engine version, 1 or 2. */
    public static final Setting KV_VERSION =
            Setting.optional("secrets.vault.kv.version", "KV engine version, 1 or 2", "2");

    /** Mount path of the Transit engine. */
    public static final Setting TRANSIT_MOUNT =
            Setting.optional("secrets.vault.transit.mount", "Transit engine mount path", "transit");

    /** Transit key for every purpose without its own; none means HMAC over a KV secret. */
    public static final Setting TRANSIT_KEY = Setting.optional(
            "secrets.vault.transit.key",
            "Transit key used to sign for every purpose (per purpose: secrets.vault.transit.key.<purpose>);"
                    + " unset means HMAC over a KV secret");

    /** {@code hmac} (transit/hmac) or {@code sign} (transit/sign, asymmetric keys). */
    public static final Setting TRANSIT_MODE = Setting.optional(
            "secrets.vault.transit.mode",
            "hmac (transit/hmac) or sign (transit/sign, asymmetric keys); per purpose:"
                    + " secrets.vault.transit.mode.<purpose>",
            "hmac");

    /** Transit key for {@code cli-bridge} (overrides {@link #TRANSIT_KEY}). */
    public static final Setting TRANSIT_KEY_CLI_BRIDGE =
            Setting.optional("secrets.vault.transit.key.cli-bridge", "Transit key for the cli-bridge purpose");

    /** Transit mode for {@code cli-bridge} (overrides {@link #TRANSIT_MODE}). */
    public static final Setting TRANSIT_MODE_CLI_BRIDGE =
            Setting.optional("secrets.vault.transit.mode.cli-bridge", "hmac or sign for the cli-bridge purpose");

    /** Transit key for {@code service-account-issuance} (overrides {@link #TRANSIT_KEY}). */
    public static final Setting TRANSIT_KEY_SERVICE_ACCOUNT_ISSUANCE = Setting.optional(
            "secrets.vault.transit.key.service-account-issuance",
            "Transit key for the service-account-issuance purpose");

    /** Transit mode for {@code service-account-issuance} (overrides {@link #TRANSIT_MODE}). */
    public static final Setting TRANSIT_MODE_SERVICE_ACCOUNT_ISSUANCE = Setting.optional(
            "secrets.vault.transit.mode.service-account-issuance",
            "hmac or sign for the service-account-issuance purpose");

    /** Connect timeout. */
    public static final Setting CONNECT_TIMEOUT =
            Setting.optional("secrets.vault.connect-timeout", "TCP/TLS connect timeout", "5s");

    /** Timeout of one HTTP request. */
    public static final Setting REQUEST_TIMEOUT =
            Setting.optional("secrets.vault.request-timeout", "timeout of one HTTP request", "30s");

    /** Reads in flight at once in getMany and list. */
    public static final Setting MAX_IN_FLIGHT =
            Setting.optional("secrets.vault.max-in-flight", "reads in flight at once in getMany and list", "8");

    /** Attempts per request for 429, 5xx and I/O failures (1 means no retry). */
    public static final Setting RETRY_MAX_ATTEMPTS = Setting.optional(
            "secrets.vault.retry.max-attempts", "attempts per request for 429, 5xx and I/O failures", "3");

    /** First backoff; doubles per attempt, with jitter. */
    public static final Setting RETRY_INITIAL_BACKOFF =
            Setting.optional("secrets.vault.retry.initial-backoff", "first retry backoff (doubles, jittered)", "250ms");

    /** Longest wait between attempts; a longer Retry-After ends the retries. */
    public static final Setting RETRY_MAX_BACKOFF = Setting.optional(
            "secrets.vault.retry.max-backoff",
            "longest wait between attempts; a longer Retry-After fails at once",
            "10s");

    /** {@code auto}, {@code http1.1} or {@code http2}. */
    public static final Setting HTTP_VERSION = Setting.optional(
            "secrets.vault.http-version", "auto (HTTP/2 over https, HTTP/1.1 over http), http1.1 or http2", "auto");

    private static final List<Setting> ALL = List.of(
            ADDRESS,
            TOKEN,
            TOKEN_FILE,
            NAMESPACE,
            CA_CERT,
            CLIENT_CERT,
            CLIENT_KEY,
            AUTH_METHOD,
            AUTH_MOUNT,
            APPROLE_ROLE_ID,
            APPROLE_SECRET_ID,
            APPROLE_SECRET_ID_FILE,
            KUBERNETES_ROLE,
            KUBERNETES_JWT_FILE,
            KV_MOUNT,
            KV_VERSION,
            TRANSIT_MOUNT,
            TRANSIT_KEY,
            TRANSIT_MODE,
            TRANSIT_KEY_CLI_BRIDGE,
            TRANSIT_MODE_CLI_BRIDGE,
            TRANSIT_KEY_SERVICE_ACCOUNT_ISSUANCE,
            TRANSIT_MODE_SERVICE_ACCOUNT_ISSUANCE,
            CONNECT_TIMEOUT,
            REQUEST_TIMEOUT,
            MAX_IN_FLIGHT,
            RETRY_MAX_ATTEMPTS,
            RETRY_INITIAL_BACKOFF,
            RETRY_MAX_BACKOFF,
            HTTP_VERSION);

    private VaultSettings() {}

    /**
     * @return every setting, in documentation order; unmodifiable
     */
    public static List<Setting> all() {
        return ALL;
    }
}
