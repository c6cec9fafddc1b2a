package dev.arcanum.secrets.aws;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.aws.internal.AwsErrors;
import dev.arcanum.secrets.aws.internal.AwsNames;
import dev.arcanum.secrets.aws.internal.AwsNames.AwsSecretId;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import dev.arcanum.secrets.spi.PreviousVersionLookup;
import dev.arcanum.secrets.spi.SecretFields;
import dev.arcanum.secrets.spi.VersionProbe;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * AWS Secrets Manager as a {@link SecretStore}, through an unmodified AWS SDK for Java v2 {@link
 * SecretsManagerClient}.
 *
 * <ul>
 *   <li>Keys map to names {@code <prefix>/<scope>/<key>} (prefix and DEFAULT scope left out when
 *       empty); a full secret ARN is also accepted as a key for reads.
 *   <li>{@link #get} is one {@code GetSecretValue}; {@link #getMany} is one {@code
 *       BatchGetSecretValue} per 20 keys.
 *   <li>{@link #getVersion} takes a version id ({@code VersionId}) or a staging label ({@code
 *       VersionStage}): {@code stage:<label>} and {@code id:<versionId>} say which; otherwise a text
 *       of 32 to 64 characters (the length of a {@code ClientRequestToken}) is a version id and
 *       anything shorter a label such as {@code AWSPREVIOUS}.
 *   <li>{@link #currentVersion} is the cheap rotation probe ({@link VersionProbe}, used by the
 *       cache's refresh): one {@code DescribeSecret}, no value.
 *   <li>Signing uses {@link HmacSecretSigner} with its key in this store; verify accepts the {@code
 *       AWSCURRENT} and {@code AWSPREVIOUS} versions.
 * </ul>
 *
 * <p>Thread-safe: the SDK client is. {@link #close()} closes the client when this provider built it.
 */
public final class AwsSecretsManagerProvider implements SecretStore, VersionProbe {
    /** Largest {@code SecretString} AWS stores, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 65_536;

    /** Most ids one {@code BatchGetSecretValue} takes in {@code SecretIdList}. */
    public static final int BATCH_SIZE = 20;

    /** The staging label of the current version. */
    public static final String AWSCURRENT = "AWSCURRENT";

    /** The staging label AWS moves to the version replaced by a new {@code AWSCURRENT}. */
    public static final String AWSPREVIOUS = "AWSPREVIOUS";

    private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,256}");
    private static final int MAX_BATCH_PAGES = 100;

    private final String name;
    private final SecretsManagerClient client;
    private final boolean ownsClient;
    private final AwsNames names;
    private final AwsErrors errors;
    private final int recoveryWindowDays;
    private final boolean forceDelete;
    private final String healthCanary;
    private final String region;
    private final String endpoint;
    private final HmacSecretSigner signer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AwsSecretsManagerProvider(Builder b) {
        this.name = b.name;
        this.client = Objects.requireNonNull(b.client, "client");
        this.ownsClient = b.ownsClient;
        this.names = new AwsNames(b.prefix);
        this.region = b.region == null ? "unknown" : b.region;
        this.endpoint = b.endpoint;
        this.errors = new AwsErrors(this.region, b.credentialSource, b.maxAttempts);
        this.recoveryWindowDays = b.recoveryWindowDays;
        this.forceDelete = b.forceDelete;
        this.healthCanary = b.healthCanary;
        this.signer = new HmacSecretSigner(this, previousStage());
    }

    /**
     * Starts a provider over a client the caller built (tests, applications with their own client
     * configuration). The caller keeps ownership of the client unless {@link Builder#ownsClient} is
     * set.
     *
     * @param client the SDK client
     * @return a builder
     */
    public static Builder builder(SecretsManagerClient client) {
        return new Builder(client);
    }

    /** The previous signing-key version is the one carrying {@code AWSPREVIOUS}. */
    static PreviousVersionLookup previousStage() {
        return (provider, key, scope, current) -> {
            try {
                Secret prev = provider.getVersion(key, "stage:" + AWSPREVIOUS, scope);
                return Objects.equals(prev.version(), current.version()) ? Optional.empty() : Optional.of(prev);
            } catch (SecretNotFoundException e) {
                return Optional.empty();
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        AwsSecretId id = names.resolve(key, Objects.requireNonNull(scope, "scope"));
        return read(id, GetSecretValueRequest.builder().secretId(id.awsId()).build());
    }

    @Override
    public Secret getVersion(String key, String version, SecretScope scope) {
        AwsSecretId id = names.resolve(key, Objects.requireNonNull(scope, "scope"));
        GetSecretValueRequest.Builder req = GetSecretValueRequest.builder().secretId(id.awsId());
        VersionSelector selector = VersionSelector.parse(version);
        if (selector.stage) {
            req.versionStage(selector.value);
        } else {
            req.versionId(selector.value);
        }
        return read(id, req.build());
    }

    private Secret read(AwsSecretId id, GetSecretValueRequest request) {
        GetSecretValueResponse r;
        try {
            r = client.getSecretValue(request);
        } catch (SdkException e) {
            throw errors.map(e, "GetSecretValue", id.key(), id.awsId());
        }
        return toSecret(
                id,
                r.arn(),
                r.name(),
                r.versionId(),
                r.secretString(),
                r.secretBinary(),
                r.versionStages(),
                r.createdDate());
    }

    private Secret toSecret(
            AwsSecretId id,
            String arn,
            String awsName,
            String versionId,
            String text,
            SdkBytes binary,
            List<String> stages,
            Instant created) {
        Map<String, String> attributes = new HashMap<>();
        if (arn != null) {
            attributes.put("arn", arn);
        }
        if (awsName != null) {
            attributes.put("aws-name", awsName);
        }
        if (stages != null && !stages.isEmpty()) {
            attributes.put("version-stages", String.join(",", stages));
        }
        SecretMetadata metadata = SecretMetadata.of(id.path(), versionId, created, null, attributes);
        if (text == null && binary != null) {
            if (id.field() != null) {
                throw new SecretNotFoundException("Secret '" + id.path() + "' has no field '" + id.field()
                        + "': it is a binary secret (SecretBinary), so '#field' cannot be used on it");
            }
            return Secret.ofBytes(id.key(), binary.asByteArray(), metadata);
        }
        Secret whole = Secret.of(id.isArn() ? id.key() : id.path(), text == null ? "" : text, metadata);
        if (id.field() == null) {
            return id.key().equals(whole.key()) ? whole : whole.withKeyAndValue(id.key(), whole.value());
        }
        if (id.isArn()) {
            // SecretFields parses keys with our grammar, which an ARN does not follow; select by a stand-in key.
            Secret picked = SecretFields.select(whole, SecretKey.parse("arn#" + id.field()));
            return picked.withKeyAndValue(id.key(), picked.value());
        }
        return SecretFields.select(whole, SecretKey.parse(id.key()));
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        // Resolve everything first: a malformed key fails before any call.
        Map<String, List<AwsSecretId>> byAwsId = new LinkedHashMap<>();
        for (String key : new LinkedHashSet<>(keys)) {
            AwsSecretId id = names.resolve(key, scope);
            byAwsId.computeIfAbsent(id.awsId(), k -> new ArrayList<>()).add(id);
        }
        Map<String, Secret> result = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(byAwsId.keySet());
        for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE));
            batch(chunk, byAwsId, result);
        }
        return result;
    }

    private void batch(List<String> chunk, Map<String, List<AwsSecretId>> byAwsId, Map<String, Secret> result) {
        String token = null;
        int pages = 0;
        do {
            String pageToken = token;
            BatchGetSecretValueResponse r;
            try {
                r = client.batchGetSecretValue(b -> b.secretIdList(chunk).nextToken(pageToken));
            } catch (SdkException e) {
                String first = chunk.get(0);
                String keys = byAwsId.get(first).get(0).key()
                        + (chunk.size() > 1 ? " and " + (chunk.size() - 1) + " more" : "");
                throw errors.map(e, "BatchGetSecretValue", keys, first);
            }
            for (SecretValueEntry entry : r.secretValues()) {
                // An entry answers the ids that named it, by name or by ARN (both may be asked for).
                List<AwsSecretId> matched = new ArrayList<>();
                if (entry.name() != null && chunk.contains(entry.name())) {
                    matched.addAll(byAwsId.get(entry.name()));
                }
                if (entry.arn() != null && chunk.contains(entry.arn())) {
                    matched.addAll(byAwsId.get(entry.arn()));
                }
                for (AwsSecretId id : matched) {
                    try {
                        result.put(
                                id.key(),
                                toSecret(
                                        id,
                                        entry.arn(),
                                        entry.name(),
                                        entry.versionId(),
                                        entry.secretString(),
                                        entry.secretBinary(),
                                        entry.versionStages(),
                                        entry.createdDate()));
                    } catch (SecretNotFoundException missingField) {
                        // A missing #field is an absent key, like a missing secret.
                    }
                }
            }
            for (APIErrorType error : r.errors()) {
                String code = error.errorCode();
                if ("ResourceNotFoundException".equals(code)
                        || AwsErrors.isScheduledForDeletion(code, error.message())) {
                    continue;
                }
                List<AwsSecretId> matched = byAwsId.get(error.secretId());
                String key = matched == null ? error.secretId() : matched.get(0).key();
                throw errors.mapCode(code, error.message(), 0, "BatchGetSecretValue", key, error.secretId(), null);
            }
            token = r.nextToken();
            pages++;
        } while (token != null && !token.isEmpty() && pages < MAX_BATCH_PAGES);
    }

    /**
     * The cheap rotation probe: asks {@code DescribeSecret} which version carries {@code AWSCURRENT},
     * without reading (or paying for) the value. A cache refresh of an unchanged secret costs this one
     * call and no {@code GetSecretValue}.
     *
     * @param key the key; a {@code #field} is ignored (the version is the secret's)
     * @param scope the scope
     * @return the version id staged {@code AWSCURRENT}; empty when no version carries it
     * @throws SecretNotFoundException if the secret does not exist or is scheduled for deletion
     * @throws dev.arcanum.secrets.SecretAccessDeniedException if {@code secretsmanager:DescribeSecret}
     *     is not allowed
     * @throws dev.arcanum.secrets.SecretProviderUnavailableException if AWS cannot be reached
     */
    @Override
    public Optional<String> currentVersion(String key, SecretScope scope) {
        AwsSecretId id = names.resolve(key, Objects.requireNonNull(scope, "scope"));
        DescribeSecretResponse d;
        try {
            d = client.describeSecret(b -> b.secretId(id.awsId()));
        } catch (SdkException e) {
            throw errors.map(e, "DescribeSecret", id.key(), id.awsId());
        }
        if (d.deletedDate() != null) {
            throw errors.mapCode(
                    "InvalidRequestException",
                    "The secret is scheduled for deletion.",
                    0,
                    "DescribeSecret",
                    id.key(),
                    id.awsId(),
                    null);
        }
        return currentOf(d.versionIdsToStages());
    }

    private static Optional<String> currentOf(Map<String, List<String>> versionsToStages) {
        if (versionsToStages == null) {
            return Optional.empty();
        }
        return versionsToStages.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue().contains(AWSCURRENT))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    private Optional<DescribeSecretResponse> describe(AwsSecretId id) {
        try {
            return Optional.of(client.describeSecret(b -> b.secretId(id.awsId())));
        } catch (SdkException e) {
            if ("ResourceNotFoundException".equals(AwsErrors.errorCode(e))) {
                return Optional.empty();
            }
            throw errors.map(e, "DescribeSecret", id.key(), id.awsId());
        }
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        return signer.sign(payload, purpose);
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        return signer.verify(payload, signature, purpose);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        return write(key, value, scope).metadata;
    }

    private Written write(String key, String value, SecretScope scope) {
        AwsSecretId id = checkedWrite(key, value, scope);
        // Most puts update an existing secret: try the new version first, create on not-found.
        try {
            return new Written(putValue(id, value), false);
        } catch (SdkException e) {
            String code = AwsErrors.errorCode(e);
            if ("ResourceNotFoundException".equals(code)) {
                Optional<SecretMetadata> created = create(id, value);
                if (created.isPresent()) {
                    return new Written(created.get(), true);
                }
                // Created by someone else between our two calls: store ours as a new version.
                return new Written(putValueOrThrow(id, value), false);
            }
            if (isScheduled(e)) {
                restore(id);
                return new Written(putValueOrThrow(id, value), false);
            }
            throw errors.map(e, "PutSecretValue", id.key(), id.awsId());
        }
    }

    @Override
    public boolean putIfAbsent(String key, String value, SecretScope scope) {
        AwsSecretId id = checkedWrite(key, value, scope);
        try {
            return create(id, value).isPresent();
        } catch (SecretException e) {
            if (e.getCause() instanceof SdkException sdk && isScheduled(sdk)) {
                // A secret waiting for deletion reads as absent; take the name back with this value.
                restore(id);
                putValueOrThrow(id, value);
                return true;
            }
            throw e;
        }
    }

    private AwsSecretId checkedWrite(String key, String value, SecretScope scope) {
        AwsSecretId id = names.resolvePlain(key, Objects.requireNonNull(scope, "scope"));
        if (id.isArn()) {
            throw new InvalidSecretKeyException(
                    "Invalid key '" + key + "': writes take a name, not an ARN (the ARN is chosen by AWS)");
        }
        checkValue(key, value);
        return id;
    }

    private static void checkValue(String key, String value) {
        Objects.requireNonNull(value, "value");
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
            throw new InvalidSecretValueException("Value for '" + key + "' is " + bytes
                    + " bytes; AWS Secrets Manager stores at most " + MAX_VALUE_BYTES + " bytes (64 KiB) per secret");
        }
        if (value.isEmpty()) {
            throw new InvalidSecretValueException("Value for '" + key
                    + "' is empty; AWS Secrets Manager needs a SecretString of at least 1 character");
        }
    }

    /** CreateSecret; empty when the name is taken. The SDK fills in ClientRequestToken, which becomes the VersionId. */
    private Optional<SecretMetadata> create(AwsSecretId id, String value) {
        try {
            var r = client.createSecret(b -> b.name(id.awsId()).secretString(value));
            return Optional.of(writtenMetadata(id, r.versionId(), r.arn(), List.of(AWSCURRENT)));
        } catch (SdkException e) {
            if ("ResourceExistsException".equals(AwsErrors.errorCode(e))) {
                return Optional.empty();
            }
            throw errors.map(e, "CreateSecret", id.key(), id.awsId());
        }
    }

    private SecretMetadata putValue(AwsSecretId id, String value) {
        PutSecretValueResponse r =
                client.putSecretValue(b -> b.secretId(id.awsId()).secretString(value));
        return writtenMetadata(id, r.versionId(), r.arn(), r.versionStages());
    }

    private SecretMetadata putValueOrThrow(AwsSecretId id, String value) {
        try {
            return putValue(id, value);
        } catch (SdkException e) {
            throw errors.map(e, "PutSecretValue", id.key(), id.awsId());
        }
    }

    private void restore(AwsSecretId id) {
        try {
            client.restoreSecret(b -> b.secretId(id.awsId()));
        } catch (SdkException e) {
            throw errors.map(e, "RestoreSecret", id.key(), id.awsId());
        }
    }

    private static boolean isScheduled(SdkException e) {
        return e instanceof AwsServiceException ase
                && ase.awsErrorDetails() != null
                && AwsErrors.isScheduledForDeletion(
                        ase.awsErrorDetails().errorCode(), ase.awsErrorDetails().errorMessage());
    }

    private static SecretMetadata writtenMetadata(AwsSecretId id, String versionId, String arn, List<String> stages) {
        Map<String, String> attributes = new HashMap<>();
        if (arn != null) {
            attributes.put("arn", arn);
        }
        attributes.put("aws-name", id.awsId());
        if (stages != null && !stages.isEmpty()) {
            attributes.put("version-stages", String.join(",", stages));
        }
        return SecretMetadata.of(id.path(), versionId, null, null, attributes);
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        AwsSecretId id = names.resolvePlain(key, Objects.requireNonNull(scope, "scope"));
        try {
            client.deleteSecret(b -> {
                b.secretId(id.awsId());
                if (forceDelete) {
                    b.forceDeleteWithoutRecovery(true);
                } else {
                    b.recoveryWindowInDays((long) recoveryWindowDays);
                }
            });
            return true;
        } catch (SdkException e) {
            if ("ResourceNotFoundException".equals(AwsErrors.errorCode(e)) || isScheduled(e)) {
                return false;
            }
            throw errors.map(e, "DeleteSecret", id.key(), id.awsId());
        }
    }

    @Override
    public boolean exists(String key, SecretScope scope) {
        AwsSecretId id = names.resolve(key, Objects.requireNonNull(scope, "scope"));
        Optional<DescribeSecretResponse> d = describe(id);
        return d.isPresent() && d.get().deletedDate() == null;
    }

    @Override
    public List<SecretMetadata> list(SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        String prefix = names.scopePrefix(scope);
        List<SecretMetadata> out = new ArrayList<>();
        String token = null;
        do {
            ListSecretsRequest.Builder req =
                    ListSecretsRequest.builder().maxResults(100).nextToken(token);
            if (!prefix.isEmpty()) {
                // A server-side prefix filter; the client-side check below stays authoritative.
                req.filters(Filter.builder()
                        .key(FilterNameStringType.NAME)
                        .values(prefix)
                        .build());
            }
            ListSecretsResponse r;
            try {
                r = client.listSecrets(req.build());
            } catch (SdkException e) {
                throw errors.map(e, "ListSecrets", prefix.isEmpty() ? "*" : prefix + "*", prefix + "*");
            }
            for (SecretListEntry entry : r.secretList()) {
                if (entry.name() == null || entry.deletedDate() != null) {
                    continue;
                }
                String key = names.keyOf(entry.name(), scope);
                if (key == null) {
                    continue;
                }
                Map<String, String> attributes = new HashMap<>();
                if (entry.arn() != null) {
                    attributes.put("arn", entry.arn());
                }
                attributes.put("aws-name", entry.name());
                out.add(SecretMetadata.of(
                        key,
                        currentOf(entry.secretVersionsToStages()).orElse(null),
                        entry.createdDate(),
                        entry.lastChangedDate(),
                        attributes));
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        out.sort(Comparator.comparing(SecretMetadata::key));
        return out;
    }

    @Override
    public BulkResult putAll(Map<String, String> values, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        // Validate every entry before the first write, so a bad entry writes nothing.
        for (Map.Entry<String, String> e : values.entrySet()) {
            checkedWrite(e.getKey(), e.getValue(), scope);
        }
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Written w = write(e.getKey(), e.getValue(), scope);
            (w.created ? created : updated).add(e.getKey());
        }
        return new BulkResult(created, updated);
    }

    // ---------------------------------------------------------------- health

    @Override
    public SecretProviderHealth healthCheck() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("region", region);
        if (endpoint != null) {
            details.put("endpoint", endpoint);
        }
        details.put("credentials", errors.credentialSource());
        if (!names.prefix().isEmpty()) {
            details.put("prefix", names.prefix());
        }
        String check = healthCanary == null ? "ListSecrets (MaxResults=1)" : "DescribeSecret of '" + healthCanary + "'";
        details.put("check", check);
        try {
            if (healthCanary == null) {
                client.listSecrets(b -> b.maxResults(1));
            } else {
                AwsSecretId id = names.resolve(healthCanary, SecretScope.DEFAULT);
                client.describeSecret(b -> b.secretId(id.awsId()));
            }
            return SecretProviderHealth.healthy("AWS Secrets Manager answered " + check, details);
        } catch (SdkException e) {
            if (AwsErrors.isThrottling(e)) {
                return SecretProviderHealth.degraded(
                        "AWS Secrets Manager is throttling " + check + " (" + AwsErrors.errorCode(e)
                                + "); reads may be slow or fail until the rate drops",
                        details);
            }
            SecretException mapped = errors.map(
                    e,
                    healthCanary == null ? "ListSecrets" : "DescribeSecret",
                    healthCanary == null ? "*" : healthCanary,
                    healthCanary == null ? "*" : healthCanary);
            String message = mapped.getMessage();
            if (!message.contains(errors.credentialSource())) {
                message += " [credentials: " + errors.credentialSource() + "]";
            }
            return SecretProviderHealth.unavailable(message, details);
        } catch (RuntimeException e) {
            return SecretProviderHealth.unavailable(
                    "AWS Secrets Manager health check failed: " + e.getClass().getSimpleName() + ": "
                            + AwsErrors.firstLine(e.getMessage()),
                    details);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "AwsSecretsManagerProvider{region=" + region + ", prefix=" + names.prefix() + "}";
    }

    private record Written(SecretMetadata metadata, boolean created) {}

    /** How a version argument is sent: as {@code VersionStage} or as {@code VersionId}. */
    private record VersionSelector(boolean stage, String value) {
        static VersionSelector parse(String version) {
            if (version == null || version.isBlank()) {
                throw new InvalidSecretKeyException("Invalid version: empty (give a version id or a staging label"
                        + " such as AWSPREVIOUS, or 'stage:<label>' / 'id:<versionId>')");
            }
            if (version.startsWith("stage:")) {
                return checkedStage(version.substring("stage:".length()), version);
            }
            if (version.startsWith("id:")) {
                return checkedId(version.substring("id:".length()), version);
            }
            if (version.length() >= 32) {
                return checkedId(version, version);
            }
            return checkedStage(version, version);
        }

        private static VersionSelector checkedStage(String label, String original) {
            if (!STAGE.matcher(label).matches()) {
                throw new InvalidSecretKeyException("Invalid version '" + original
                        + "': a staging label is 1 to 256 letters, digits and / _ + = . @ -");
            }
            return new VersionSelector(true, label);
        }

        private static VersionSelector checkedId(String id, String original) {
            if (id.length() < 32 || id.length() > 64 || !id.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new InvalidSecretKeyException("Invalid version '" + original
                        + "': a version id is 32 to 64 printable ASCII characters (a UUID for versions the SDK made)");
            }
            return new VersionSelector(false, id);
        }
    }

    /**
     * Builds a provider over a given client. Not thread-safe; use one builder per provider.
     */
    public static final class Builder {
        private final SecretsManagerClient client;
        private String name = "aws";
        private boolean ownsClient;
        private String prefix = "";
        private String region;
        private String endpoint;
        private String credentialSource = "the SDK default credential chain";
        private int maxAttempts = 3;
        private int recoveryWindowDays = 30;
        private boolean forceDelete;
        private String healthCanary;

        private Builder(SecretsManagerClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * @param name the name {@link #name()} reports; {@code aws} by default
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * @param owns true to close the client in {@link #close()}
         * @return this builder
         */
        public Builder ownsClient(boolean owns) {
            this.ownsClient = owns;
            return this;
        }

        /**
         * @param prefix name prefix, empty for none; ASCII letters, digits and {@code /_+=.@-}
         * @return this builder
         * @throws IllegalArgumentException if the prefix breaks AWS's naming rules
         */
        public Builder prefix(String prefix) {
            String p = prefix == null ? "" : prefix;
            String problem = AwsNames.checkPrefix(p);
            if (problem != null) {
                throw new IllegalArgumentException("prefix " + problem);
            }
            this.prefix = p;
            return this;
        }

        /**
         * @param region the region, for messages and health details
         * @return this builder
         */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * @param endpoint the endpoint override, for health details; null for the regional one
         * @return this builder
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * @param description where credentials come from, for hints; never the keys themselves
         * @return this builder
         */
        public Builder credentialSource(String description) {
            this.credentialSource = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * @param attempts the client's retry budget, for messages
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * @param days recovery window of deletes, 7 to 30
         * @return this builder
         */
        public Builder recoveryWindowDays(int days) {
            if (days < 7 || days > 30) {
                throw new IllegalArgumentException("recoveryWindowDays must be 7 to 30, was " + days);
            }
            this.recoveryWindowDays = days;
            return this;
        }

        /**
         * @param force true to delete without a recovery window
         * @return this builder
         */
        public Builder forceDelete(boolean force) {
            this.forceDelete = force;
            return this;
        }

        /**
         * @param key a key the health check describes instead of listing; null to list
         * @return this builder
         */
        public Builder healthCanary(String key) {
            this.healthCanary = key;
            return this;
        }

        /**
         * @return the provider
         */
        public AwsSecretsManagerProvider build() {
            return new AwsSecretsManagerProvider(this);
        }
    }
}
