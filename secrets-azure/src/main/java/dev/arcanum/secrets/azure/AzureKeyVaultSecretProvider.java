package dev.arcanum.secrets.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.DeletedSecret;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;
import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.azure.internal.KeyVaultErrors;
import dev.arcanum.secrets.azure.internal.KeyVaultErrors.Operation;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import dev.arcanum.secrets.spi.SecretFields;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Azure Key Vault secrets through the official {@link SecretClient}. Keys map to vault names by
 * {@link AzureSecretNames}; versions are Key Vault's version ids (the last segment of a secret's
 * {@code id}).
 *
 * <p>Reads report {@code contentType}, {@code tags}, {@code enabled}, {@code expiresOn}, {@code
 * notBefore} and {@code recoveryLevel} in {@link SecretMetadata#attributes()}. A disabled secret, or
 * one whose {@code exp} has passed or whose {@code nbf} has not come, is reported as {@link
 * SecretNotFoundException} with a message saying which — Key Vault itself still serves an expired
 * value, so the check is made here.
 *
 * <p>{@link #putIfAbsent} checks, then sets: Key Vault has no create-only write, so two processes
 * seeding the same name at once may both write (the later one becomes the current version; nothing
 * is lost, both versions stay). {@link #delete} soft-deletes, and purges only when {@code
 * secrets.azure.purge-on-delete} is on.
 *
 * <p>Thread-safe. {@link #close()} stops the {@code getMany} threads.
 */
public final class AzureKeyVaultSecretProvider implements SecretStore {
    /** Key Vault's limit on a secret value: 25 KiB. */
    public static final int MAX_VALUE_BYTES = 25 * 1024;

    private final String name;
    private final SecretClient client;
    private final String vaultUrl;
    private final String credentialKind;
    private final KeyVaultErrors errors;
    private final int parallelism;
    private final boolean purgeOnDelete;
    private final String healthCanary;
    private final Duration pollInterval;
    private final Clock clock;
    private final ExecutorService pool;
    private final HmacSecretSigner signer;

    AzureKeyVaultSecretProvider(
            String name,
            SecretClient client,
            String vaultUrl,
            String credentialKind,
            int parallelism,
            boolean purgeOnDelete,
            String healthCanary,
            Duration pollInterval,
            Clock clock) {
        this.name = name;
        this.client = client;
        this.vaultUrl = vaultUrl;
        this.credentialKind = credentialKind;
        this.errors = new KeyVaultErrors(vaultUrl, credentialKind);
        this.parallelism = parallelism;
        this.purgeOnDelete = purgeOnDelete;
        this.healthCanary = healthCanary;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(parallelism, daemonThreads());
        this.signer = new HmacSecretSigner(this, this::previousVersion);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * @return the vault URL this provider talks to
     */
    public String vaultUrl() {
        return vaultUrl;
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        return read(key, null, scope);
    }

    @Override
    public Secret getVersion(String key, String version, SecretScope scope) {
        Objects.requireNonNull(version, "version");
        if (!version.matches("[0-9a-zA-Z]{1,64}")) {
            throw new InvalidSecretKeyException("Invalid version '" + version + "' for key '" + key
                    + "': a Key Vault version id is letters and digits (the last segment of the secret's id)");
        }
        return read(key, version, scope);
    }

    private Secret read(String key, String version, SecretScope scope) {
        SecretKey parsed = SecretKey.parse(key);
        String vaultName = AzureSecretNames.toVaultName(parsed.path(), scope);
        KeyVaultSecret s;
        try {
            s = version == null ? client.getSecret(vaultName) : client.getSecret(vaultName, version);
        } catch (RuntimeException e) {
            throw errors.translate(e, Operation.GET, key, vaultName);
        }
        SecretProperties p = s.getProperties();
        checkUsable(key, vaultName, p);
        String value = s.getValue() == null ? "" : s.getValue();
        Secret whole = Secret.of(parsed.path(), value, metadata(parsed.path(), p));
        return SecretFields.select(whole, parsed);
    }

    private void checkUsable(String key, String vaultName, SecretProperties p) {
        String where =
                "Secret '" + key + "' (vault name '" + vaultName + "', version " + p.getVersion() + ") on " + vaultUrl;
        if (Boolean.FALSE.equals(p.isEnabled())) {
            throw new SecretNotFoundException(
                    where + " is disabled (attributes.enabled=false); enable it or read an enabled version");
        }
        Instant now = clock.instant();
        if (p.getExpiresOn() != null && !p.getExpiresOn().toInstant().isAfter(now)) {
            throw new SecretNotFoundException(where + " expired at "
                    + p.getExpiresOn().toInstant() + " (attributes.exp); store a new version or extend its expiry");
        }
        if (p.getNotBefore() != null && p.getNotBefore().toInstant().isAfter(now)) {
            throw new SecretNotFoundException(
                    where + " is not valid before " + p.getNotBefore().toInstant() + " (attributes.nbf)");
        }
    }

    private static SecretMetadata metadata(String key, SecretProperties p) {
        Map<String, String> attrs = new TreeMap<>();
        if (p.getContentType() != null) {
            attrs.put("contentType", p.getContentType());
        }
        if (p.getTags() != null) {
            p.getTags().forEach((k, v) -> attrs.put("tag." + k, v == null ? "" : v));
        }
        if (p.isEnabled() != null) {
            attrs.put("enabled", p.isEnabled().toString());
        }
        if (p.getExpiresOn() != null) {
            attrs.put("expiresOn", p.getExpiresOn().toInstant().toString());
        }
        if (p.getNotBefore() != null) {
            attrs.put("notBefore", p.getNotBefore().toInstant().toString());
        }
        if (p.getRecoveryLevel() != null) {
            attrs.put("recoveryLevel", p.getRecoveryLevel());
        }
        if (p.getName() != null) {
            attrs.put("vaultName", p.getName());
        }
        return SecretMetadata.of(key, p.getVersion(), instant(p.getCreatedOn()), instant(p.getUpdatedOn()), attrs);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String k : keys) {
            AzureSecretNames.toVaultName(k, scope); // every key checked before any call
            unique.add(k);
        }
        Map<String, Future<Secret>> futures = new LinkedHashMap<>();
        for (String k : unique) {
            futures.put(k, pool.submit(() -> get(k, scope)));
        }
        Map<String, Secret> out = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (Map.Entry<String, Future<Secret>> e : futures.entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().get());
            } catch (ExecutionException ex) {
                Throwable cause = ex.getCause();
                if (cause instanceof SecretNotFoundException) {
                    continue;
                }
                if (failure == null) {
                    failure = cause instanceof RuntimeException
                            ? (RuntimeException) cause
                            : new SecretProviderUnavailableException(
                                    "Key Vault read of '" + e.getKey() + "' failed", cause);
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                futures.values().forEach(f -> f.cancel(true));
                throw new SecretProviderUnavailableException("Interrupted while reading from " + vaultUrl);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        String vaultName = checkWrite(key, value, scope);
        try {
            KeyVaultSecret written = client.setSecret(new KeyVaultSecret(vaultName, value));
            return metadata(key, written.getProperties());
        } catch (RuntimeException e) {
            throw errors.translate(e, Operation.SET, key, vaultName);
        }
    }

    private String checkWrite(String key, String value, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        SecretKey parsed = SecretKey.parse(key);
        if (parsed.field().isPresent()) {
            throw new InvalidSecretKeyException(
                    "Invalid key '" + key + "' for a write: '#field' selects on reads only; write the whole value");
        }
        String vaultName = AzureSecretNames.toVaultName(key, scope);
        if (value == null) {
            throw new InvalidSecretValueException("Value for '" + key + "' is null");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new InvalidSecretValueException("Value for '" + key + "' is " + bytes
                    + " bytes; Azure Key Vault holds at most " + MAX_VALUE_BYTES + " bytes (25 KiB) per secret");
        }
        return vaultName;
    }

    /**
     * Checks, then sets: Key Vault has no create-only write. Two writers racing on the same new name
     * may both write; the later becomes the current version and both versions are kept.
     */
    @Override
    public boolean putIfAbsent(String key, String value, SecretScope scope) {
        checkWrite(key, value, scope);
        if (exists(key, scope)) {
            return false;
        }
        put(key, value, scope);
        return true;
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        SecretKey parsed = SecretKey.parse(key);
        String vaultName = AzureSecretNames.toVaultName(parsed.path(), scope);
        SyncPoller<DeletedSecret, Void> poller;
        try {
            poller = client.beginDeleteSecret(vaultName);
        } catch (RuntimeException e) {
            if (KeyVaultErrors.status(e) == 404) {
                return false;
            }
            throw errors.translate(e, Operation.DELETE, key, vaultName);
        }
        if (purgeOnDelete) {
            try {
                // Purging needs the deletion to have finished; the poller reads /deletedsecrets until it has.
                poller.setPollInterval(pollInterval);
                poller.waitForCompletion(Duration.ofMinutes(2));
                client.purgeDeletedSecret(vaultName);
            } catch (RuntimeException e) {
                throw errors.translate(e, Operation.PURGE, key, vaultName);
            }
        }
        return true;
    }

    @Override
    public boolean exists(String key, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        SecretKey parsed = SecretKey.parse(key);
        String vaultName = AzureSecretNames.toVaultName(parsed.path(), scope);
        try {
            client.getSecret(vaultName);
            return true;
        } catch (RuntimeException e) {
            SecretException t = errors.translate(e, Operation.GET, key, vaultName);
            if (t instanceof SecretNotFoundException && KeyVaultErrors.status(e) == 404) {
                return false;
            }
            if (t instanceof SecretNotFoundException) {
                // Disabled: it exists, it just cannot be read.
                return true;
            }
            throw t;
        }
    }

    /**
     * Lists the keys of a scope through {@code listPropertiesOfSecrets}, following every page. Vault
     * names that are not in this scope, or do not follow {@link AzureSecretNames}, are left out. No
     * value is read.
     */
    @Override
    public List<SecretMetadata> list(SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        List<SecretMetadata> out = new ArrayList<>();
        try {
            for (SecretProperties p : client.listPropertiesOfSecrets()) {
                Optional<String> key = AzureSecretNames.toKey(p.getName(), scope);
                key.ifPresent(k -> out.add(metadata(k, p)));
            }
        } catch (RuntimeException e) {
            throw errors.translate(e, Operation.LIST, null, null);
        }
        out.sort(Comparator.comparing(SecretMetadata::key));
        return out;
    }

    @Override
    public BulkResult putAll(Map<String, String> values, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        values.forEach((k, v) -> checkWrite(k, v, scope));
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            boolean existed = exists(e.getKey(), scope);
            put(e.getKey(), e.getValue(), scope);
            (existed ? updated : created).add(e.getKey());
        }
        return new BulkResult(created, updated);
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        return signer.sign(payload, purpose);
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        return signer.verify(payload, signature, purpose);
    }

    /** The version created just before {@code current}, by creation time, among the enabled ones. */
    private Optional<Secret> previousVersion(SecretProvider provider, String key, SecretScope scope, Secret current) {
        String vaultName = AzureSecretNames.toVaultName(key, scope);
        List<SecretProperties> versions = new ArrayList<>();
        try {
            for (SecretProperties p : client.listPropertiesOfSecretVersions(vaultName)) {
                if (p.getCreatedOn() != null && p.getVersion() != null && !Boolean.FALSE.equals(p.isEnabled())) {
                    versions.add(p);
                }
            }
        } catch (RuntimeException e) {
            if (KeyVaultErrors.status(e) == 404) {
                return Optional.empty();
            }
            throw errors.translate(e, Operation.LIST, key, vaultName);
        }
        // Newest first. Timestamps have one-second resolution, so for versions made within one second
        // the listing order decides (taken as oldest first; the service does not document an order):
        // reverse the listing, then sort stably.
        Collections.reverse(versions);
        versions.sort(Comparator.comparing(SecretProperties::getCreatedOn).reversed());
        for (int i = 0; i < versions.size() - 1; i++) {
            if (versions.get(i).getVersion().equalsIgnoreCase(current.version())) {
                try {
                    return Optional.of(getVersion(key, versions.get(i + 1).getVersion(), scope));
                } catch (SecretNotFoundException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Lists one page of secret properties (or reads {@code secrets.azure.health-canary}). 429 gives
     * DEGRADED; 401/403 UNAVAILABLE naming the vault and the credential kind.
     */
    @Override
    public SecretProviderHealth healthCheck() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("vaultUrl", vaultUrl);
        details.put("credential", credentialKind);
        try {
            if (healthCanary != null) {
                details.put("check", "get " + healthCanary);
                get(healthCanary, SecretScope.DEFAULT);
            } else {
                details.put("check", "list one page");
                Iterator<PagedResponse<SecretProperties>> pages =
                        client.listPropertiesOfSecrets().iterableByPage().iterator();
                if (pages.hasNext()) {
                    pages.next();
                }
            }
            return SecretProviderHealth.healthy("Azure Key Vault " + vaultUrl + " answered", details);
        } catch (RuntimeException e) {
            SecretException t = e instanceof SecretException
                    ? (SecretException) e
                    : errors.translate(e, Operation.LIST, null, null);
            int status = statusIn(e);
            if (status > 0) {
                details.put("httpStatus", status);
            }
            if (status == 429) {
                return SecretProviderHealth.degraded(
                        "Azure Key Vault " + vaultUrl + " is throttling requests (HTTP 429)", details);
            }
            if (t instanceof SecretAccessDeniedException) {
                return SecretProviderHealth.unavailable(
                        "Azure Key Vault " + vaultUrl + " refused the " + credentialKind + " credential: "
                                + t.getMessage(),
                        details);
            }
            return SecretProviderHealth.unavailable(t.getMessage(), details);
        }
    }

    private static int statusIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RuntimeException) {
                int s = KeyVaultErrors.status((RuntimeException) t);
                if (s > 0) {
                    return s;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "arcanum-azure-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "AzureKeyVaultSecretProvider{vaultUrl=" + vaultUrl + ", credential=" + credentialKind
                + ", getManyParallelism=" + parallelism + "}";
    }
}
