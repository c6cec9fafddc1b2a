package dev.arcanum.secrets.azure.internal;

import com.azure.core.exception.HttpResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns what the SDK throws into the library's exceptions. Messages carry the operation, the key,
 * the vault URL, the HTTP status and Key Vault's error code — never a value, a token or a request
 * body. The SDK's exception is kept as the cause: its message holds only Key Vault's error body,
 * which names secrets but never carries values.
 */
public final class KeyVaultErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String vaultUrl;
    private final String credentialKind;

    /**
     * @param vaultUrl the vault, for messages
     * @param credentialKind the credential kind, for messages
     */
    public KeyVaultErrors(String vaultUrl, String credentialKind) {
        this.vaultUrl = vaultUrl;
        this.credentialKind = credentialKind;
    }

    /** One Key Vault operation, for messages and for the permission a 403 is missing. */
    public enum Operation {
        /** Read a value. */
        GET("get", "secrets get", "Key Vault Secrets User"),
        /** Write a new version. */
        SET("set", "secrets set", "Key Vault Secrets Officer"),
        /** Soft-delete. */
        DELETE("delete", "secrets delete", "Key Vault Secrets Officer"),
        /** Purge a soft-deleted secret. */
        PURGE("purge", "secrets purge", "Key Vault Secrets Officer"),
        /** List names or versions. */
        LIST("list", "secrets list", "Key Vault Secrets User");

        final String verb;
        final String permission;
        final String role;

        Operation(String verb, String permission, String role) {
            this.verb = verb;
            this.permission = permission;
            this.role = role;
        }
    }

    /**
     * @param e what the SDK threw
     * @param op the operation
     * @param key the key as the caller wrote it, or null for vault-wide operations
     * @param vaultName the vault name used, or null
     * @return the library exception to throw
     */
    public SecretException translate(RuntimeException e, Operation op, String key, String vaultName) {
        SecretException ours = findOurs(e);
        if (ours != null) {
            return ours;
        }
        String what = key == null
                ? "Key Vault " + op.verb + " on " + vaultUrl
                : "Key Vault " + op.verb + " of '" + key + "' (vault name '" + vaultName + "') on " + vaultUrl;
        if (e instanceof HttpResponseException && ((HttpResponseException) e).getResponse() != null) {
            HttpResponseException h = (HttpResponseException) e;
            int status = h.getResponse().getStatusCode();
            String[] codes = errorCodes(h);
            String code = codes[0];
            String inner = codes[1];
            String codeText = code == null ? "" : " (" + code + (inner == null ? "" : "/" + inner) + ")";
            if (status == 404) {
                return new SecretNotFoundException(what + " failed: not found" + codeText, e);
            }
            if (status == 401) {
                return new SecretAccessDeniedException(
                        what + " failed: HTTP 401" + codeText + "; the " + credentialKind
                                + " credential's token was not accepted",
                        e);
            }
            if (status == 403) {
                if ("SecretDisabled".equals(inner)) {
                    return new SecretNotFoundException(
                            what + " failed: the secret is disabled"
                                    + " (attributes.enabled=false); enable it or read an enabled version",
                            e);
                }
                return new SecretAccessDeniedException(
                        what + " failed: HTTP 403" + codeText + "; the "
                                + credentialKind + " identity lacks the '" + op.permission + "' permission (RBAC role '"
                                + op.role + "', or an access policy granting it)",
                        e);
            }
            if (status == 409
                    && ("ObjectIsDeletedButRecoverable".equals(inner) || "ObjectIsBeingDeleted".equals(inner))) {
                return new SecretException(
                        what + " failed: HTTP 409" + codeText + "; a secret of that name is"
                                + " soft-deleted and recoverable, so the name cannot be reused yet: recover it"
                                + " (az keyvault secret recover --vault-name <vault> --name " + vaultName
                                + ") or purge it"
                                + " (az keyvault secret purge …; secrets.azure.purge-on-delete=true purges on every delete)",
                        e);
            }
            if (status == 429) {
                return new SecretProviderUnavailableException(
                        what + " failed: throttled (HTTP 429"
                                + codeText.replace(" (", ", ").replace(")", "")
                                + ") after retries; retry later or read through the cache",
                        e);
            }
            if (status >= 500) {
                return new SecretProviderUnavailableException(
                        what + " failed: HTTP " + status + codeText + " after retries", e);
            }
            return new SecretException(what + " failed: HTTP " + status + codeText, e);
        }
        if (has(e, SSLHandshakeException.class) || has(e, SSLException.class)) {
            return new SecretProviderUnavailableException(
                    what + " failed: TLS handshake failed — the server"
                            + " certificate is not trusted (for a local emulator, add its CA certificate to"
                            + " secrets.azure.ca-bundle)",
                    e);
        }
        if (has(e, TimeoutException.class) || has(e, HttpTimeoutException.class)) {
            return new SecretProviderUnavailableException(what + " failed: no response in time (after retries)", e);
        }
        if (has(e, IOException.class) || e instanceof UncheckedIOException) {
            return new SecretProviderUnavailableException(
                    what + " failed: " + rootName(e) + " (connection failed after retries)", e);
        }
        return new SecretProviderUnavailableException(what + " failed: " + rootName(e), e);
    }

    private static SecretException findOurs(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SecretException) {
                return (SecretException) t;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof SecretException) {
                    return (SecretException) s;
                }
            }
        }
        return null;
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    /**
     * Reads {@code error.code} and {@code error.innererror.code} out of the error body the SDK put in
     * its message ({@code Status code 403, "{...}"}).
     */
    static String[] errorCodes(HttpResponseException e) {
        String m = e.getMessage();
        if (m == null) {
            return new String[2];
        }
        int start = m.indexOf('{');
        int end = m.lastIndexOf('}');
        if (start < 0 || end < start) {
            return new String[2];
        }
        try {
            JsonNode error = JSON.readTree(m.substring(start, end + 1)).path("error");
            String code = error.path("code").isTextual() ? error.path("code").asText() : null;
            JsonNode inner = error.path("innererror").path("code");
            return new String[] {code, inner.isTextual() ? inner.asText() : null};
        } catch (IOException ex) {
            return new String[2];
        }
    }

    /**
     * @param e an SDK exception
     * @return the HTTP status, or -1 when the call got no response
     */
    public static int status(RuntimeException e) {
        if (e instanceof HttpResponseException && ((HttpResponseException) e).getResponse() != null) {
            return ((HttpResponseException) e).getResponse().getStatusCode();
        }
        return -1;
    }
}
