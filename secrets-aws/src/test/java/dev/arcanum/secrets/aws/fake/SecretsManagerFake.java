package dev.arcanum.secrets.aws.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * A stateful WireMock fake of the AWS Secrets Manager API (AWS JSON 1.1 protocol) that the unmodified
 * AWS SDK for Java v2 accepts. It keeps secrets with versions and staging labels ({@code
 * AWSCURRENT} moves to a new version on {@code PutSecretValue}, the replaced version gets {@code
 * AWSPREVIOUS}), soft deletion with a recovery window, paging, and a request log; faults can be
 * injected per operation (error bodies, connection resets, delays) and per secret (access denied,
 * decryption failure).
 *
 * <p>Wire format, as the official API reference and the SDK's service model define it:
 *
 * <ul>
 *   <li>Every operation is {@code POST /} with {@code X-Amz-Target: secretsmanager.<Operation>} and
 *       {@code Content-Type: application/x-amz-json-1.1}; responses use the same content type.
 *       Timestamps are epoch seconds as JSON numbers; {@code SecretBinary} is Base64. (Smithy, <a
 *       href="https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html">AWS JSON 1.1
 *       protocol</a>.)
 *   <li>Errors are HTTP 400 (5xx for server faults) with {@code {"__type": "<Code>", "message":
 *       "…"}} (<a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html">Common
 *       errors</a>). Throttling is {@code ThrottlingException} with HTTP 400.
 *   <li><a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html">GetSecretValue</a>:
 *       {@code SecretId}, {@code VersionId}, {@code VersionStage} (default {@code AWSCURRENT}) →
 *       {@code ARN, Name, VersionId, SecretString|SecretBinary, VersionStages, CreatedDate}.
 *   <li><a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html">BatchGetSecretValue</a>:
 *       {@code SecretIdList} (1–20), {@code NextToken} → {@code SecretValues}, {@code Errors} ({@code
 *       SecretId, ErrorCode, Message}), {@code NextToken}. Per-secret failures go to {@code Errors}.
 *   <li><a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DescribeSecret.html">DescribeSecret</a>:
 *       {@code SecretId} → {@code ARN, Name, CreatedDate, LastChangedDate, DeletedDate,
 *       VersionIdsToStages}; never the value.
 *   <li><a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html">CreateSecret</a>:
 *       {@code Name, ClientRequestToken, SecretString|SecretBinary} → {@code ARN, Name, VersionId};
 *       a taken name is {@code ResourceExistsException}, a name scheduled for deletion {@code
 *       InvalidRequestException}.
 *   <li><a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html">PutSecretValue</a>:
 *       {@code SecretId, ClientRequestToken, SecretString|SecretBinary, VersionStages} → {@code ARN,
 *       Name, VersionId, VersionStages}; the token becomes the version id.
 *   <li><a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html">DeleteSecret</a>:
 *       {@code SecretId}, {@code RecoveryWindowInDays} (7–30, default 30) xor {@code
 *       ForceDeleteWithoutRecovery} → {@code ARN, Name, DeletionDate}. <a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RestoreSecret.html">RestoreSecret</a>
 *       cancels it.
 *   <li><a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html">ListSecrets</a>:
 *       {@code MaxResults} (1–100), {@code NextToken}, {@code Filters} ({@code name}: prefix match,
 *       case-sensitive, per <a
 *       href="https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html">Filter</a>),
 *       {@code IncludePlannedDeletion} → {@code SecretList} entries with {@code
 *       SecretVersionsToStages}, {@code NextToken}.
 * </ul>
 *
 * <p>The SigV4 {@code Authorization} header must be present (else {@code
 * MissingAuthenticationTokenException}, HTTP 403) but its signature is not verified. Thread-safe.
 */
public final class SecretsManagerFake implements AutoCloseable {
    /** The protocol's content type. */
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    /** The region used in ARNs. */
    public static final String REGION = "us-east-1";

    /** The account id used in ARNs. */
    public static final String ACCOUNT = "123456789012";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";
    private static final String MARKED_FOR_DELETION =
            "You can't perform this operation on the secret because it was marked for deletion.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, StoredSecret> secrets = new LinkedHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Injection>> injections = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Set<String> undecryptable = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private volatile int pageSize = 100;
    private WireMockServer server;

    /** A fake on the system clock; call {@link #start()}. */
    public SecretsManagerFake() {
        this(Clock.systemUTC());
    }

    /**
     * @param clock time source for dates in responses
     */
    public SecretsManagerFake(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts the fake on a random loopback port.
     *
     * @return this fake
     */
    public SecretsManagerFake start() {
        return start(0);
    }

    /**
     * Starts the fake on a loopback port.
     *
     * @param port the port, 0 for a random one
     * @return this fake
     */
    public SecretsManagerFake start(int port) {
        WireMockServer s = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .port(port)
                .disableRequestJournal()
                .extensions(new Transformer()));
        s.start();
        s.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
        this.server = s;
        return this;
    }

    /**
     * @return the endpoint to give the SDK client, for example {@code http://127.0.0.1:41234}
     */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }

    // ------------------------------------------------------------------ request log

    /** One request the fake received. */
    public record Call(String operation, JsonNode body, boolean signed) {}

    /**
     * @return every request received so far, in order
     */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * @param operation for example {@code BatchGetSecretValue}
     * @return how many requests of that operation were received (faulted ones included)
     */
    public long count(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).count();
    }

    /** Forgets the request log. */
    public void clearCalls() {
        calls.clear();
    }

    // ------------------------------------------------------------------ faults

    private record Injection(int status, String type, String message, Fault fault, Duration delay) {}

    /**
     * The next {@code times} requests of an operation fail with an error body.
     *
     * @param operation the operation
     * @param times how many requests
     * @param status the HTTP status
     * @param type the {@code __type}
     * @param message the message
     */
    public void failNext(String operation, int times, int status, String type, String message) {
        inject(operation, times, new Injection(status, type, message, null, null));
    }

    /**
     * The next {@code times} requests of an operation have their connection reset.
     *
     * @param operation the operation
     * @param times how many requests
     */
    public void resetNext(String operation, int times) {
        inject(operation, times, new Injection(0, null, null, Fault.CONNECTION_RESET_BY_PEER, null));
    }

    /**
     * The next {@code times} requests of an operation are answered normally after a delay.
     *
     * @param operation the operation
     * @param times how many requests
     * @param delay the delay
     */
    public void delayNext(String operation, int times, Duration delay) {
        inject(operation, times, new Injection(0, null, null, null, delay));
    }

    private void inject(String operation, int times, Injection injection) {
        Deque<Injection> q = injections.computeIfAbsent(operation, k -> new ArrayDeque<>());
        synchronized (q) {
            for (int i = 0; i < times; i++) {
                q.add(injection);
            }
        }
    }

    /**
     * Every operation on this secret fails with {@code AccessDeniedException} (in a batch: its
     * {@code Errors} entry).
     *
     * @param name the secret name
     */
    public void denyAccess(String name) {
        denied.add(name);
    }

    /**
     * Reads of this secret's value fail with {@code DecryptionFailure}.
     *
     * @param name the secret name
     */
    public void failDecryption(String name) {
        undecryptable.add(name);
    }

    /**
     * @param size the most entries one {@code ListSecrets} or {@code BatchGetSecretValue} page holds
     */
    public void pageSize(int size) {
        this.pageSize = size;
    }

    // ------------------------------------------------------------------ direct state access

    /**
     * Creates a secret with a text value, as {@code CreateSecret} would.
     *
     * @param name the name
     * @param value the value
     * @return the version id
     */
    public synchronized String seed(String name, String value) {
        StoredSecret s = new StoredSecret(name, arnFor(name), now());
        secrets.put(name, s);
        return s.addVersion(UUID.randomUUID().toString(), value, null, List.of("AWSCURRENT"), now());
    }

    /**
     * Creates a binary secret.
     *
     * @param name the name
     * @param value the bytes
     * @return the version id
     */
    public synchronized String seedBinary(String name, byte[] value) {
        StoredSecret s = new StoredSecret(name, arnFor(name), now());
        secrets.put(name, s);
        return s.addVersion(UUID.randomUUID().toString(), null, value.clone(), List.of("AWSCURRENT"), now());
    }

    /**
     * @return the names of all secrets, deleted ones included
     */
    public synchronized Set<String> names() {
        return Set.copyOf(secrets.keySet());
    }

    /**
     * @param name a secret name
     * @return its version ids to staging labels, as {@code DescribeSecret} reports them
     */
    public synchronized Map<String, List<String>> stages(String name) {
        StoredSecret s = secrets.get(name);
        return s == null ? Map.of() : s.versionsToStages();
    }

    /**
     * @param name a secret name
     * @return true if it is scheduled for deletion
     */
    public synchronized boolean isScheduledForDeletion(String name) {
        StoredSecret s = secrets.get(name);
        return s != null && s.deletedDate != null;
    }

    // ------------------------------------------------------------------ protocol

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return handle(serveEvent.getRequest());
        }

        @Override
        public String getName() {
            return "secrets-manager-fake";
        }
    }

    private ResponseDefinition handle(Request request) {
        String target = request.getHeader("X-Amz-Target");
        String operation = target != null && target.startsWith("secretsmanager.")
                ? target.substring("secretsmanager.".length())
                : String.valueOf(target);
        String auth = request.getHeader("Authorization");
        boolean signed = auth != null && auth.startsWith("AWS4-HMAC-SHA256 ");
        JsonNode body;
        try {
            String text = request.getBodyAsString();
            body = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (Exception e) {
            body = null;
        }
        calls.add(new Call(operation, body, signed));

        Deque<Injection> q = injections.get(operation);
        Injection injected = null;
        if (q != null) {
            synchronized (q) {
                injected = q.poll();
            }
        }
        if (injected != null && injected.fault() != null) {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withFault(injected.fault())
                    .build();
        }
        if (injected != null && injected.type() != null) {
            return error(injected.status(), injected.type(), injected.message());
        }
        ResponseDefinition answer = answer(request, operation, body, signed);
        if (injected != null && injected.delay() != null) {
            return ResponseDefinitionBuilder.like(answer)
                    .withFixedDelay((int) injected.delay().toMillis())
                    .build();
        }
        return answer;
    }

    private ResponseDefinition answer(Request request, String operation, JsonNode body, boolean signed) {
        if (!"POST".equals(request.getMethod().getName()) || !"/".equals(request.getUrl())) {
            return error(404, "UnknownOperationException", "Only POST / is served");
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
            return error(400, "SerializationException", "Content-Type must be " + CONTENT_TYPE);
        }
        if (!signed) {
            return error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (body == null || !body.isObject()) {
            return error(400, "SerializationException", "Start of structure or map found where not expected.");
        }
        try {
            synchronized (this) {
                return switch (operation) {
                    case "GetSecretValue" -> ok(getSecretValue(body));
                    case "BatchGetSecretValue" -> ok(batchGetSecretValue(body));
                    case "DescribeSecret" -> ok(describeSecret(body));
                    case "CreateSecret" -> ok(createSecret(body));
                    case "PutSecretValue" -> ok(putSecretValue(body));
                    case "DeleteSecret" -> ok(deleteSecret(body));
                    case "RestoreSecret" -> ok(restoreSecret(body));
                    case "ListSecrets" -> ok(listSecrets(body));
                    default -> error(400, "UnknownOperationException", null);
                };
            }
        } catch (AwsError e) {
            return error(400, e.type, e.getMessage());
        }
    }

    private static final class AwsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;

        AwsError(String type, String message) {
            super(message, null, false, false);
            this.type = type;
        }
    }

    private ObjectNode getSecretValue(JsonNode body) {
        StoredSecret s = readable(text(body, "SecretId"));
        Version v = select(s, text(body, "VersionId"), text(body, "VersionStage"));
        return valueEntry(s, v);
    }

    private ObjectNode batchGetSecretValue(JsonNode body) {
        JsonNode ids = body.get("SecretIdList");
        if (body.has("Filters") && ids != null) {
            throw new AwsError(
                    "InvalidParameterException", "Either SecretIdList or Filters must be provided, not both.");
        }
        if (ids == null || !ids.isArray()) {
            throw new AwsError(
                    "InvalidParameterException", "This fake serves BatchGetSecretValue by SecretIdList only.");
        }
        if (ids.size() < 1 || ids.size() > 20) {
            throw new AwsError("InvalidParameterException", "SecretIdList must hold 1 to 20 ids.");
        }
        int from = offset(text(body, "NextToken"));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode values = out.putArray("SecretValues");
        ArrayNode errors = out.putArray("Errors");
        int to = Math.min(ids.size(), from + pageSize);
        for (int i = from; i < to; i++) {
            String id = ids.get(i).asText();
            try {
                StoredSecret s = readable(id);
                values.add(valueEntry(s, select(s, null, null)));
            } catch (AwsError e) {
                ObjectNode err = errors.addObject();
                err.put("SecretId", id);
                err.put("ErrorCode", e.type);
                err.put("Message", e.getMessage());
            }
        }
        if (to < ids.size()) {
            out.put("NextToken", token(to));
        }
        return out;
    }

    private ObjectNode describeSecret(JsonNode body) {
        StoredSecret s = find(text(body, "SecretId"));
        ObjectNode out = JSON.createObjectNode();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        out.put("LastChangedDate", epoch(s.lastChangedDate));
        out.put("CreatedDate", epoch(s.createdDate));
        if (s.deletedDate != null) {
            out.put("DeletedDate", epoch(s.deletedDate));
        }
        ObjectNode stages = out.putObject("VersionIdsToStages");
        s.versionsToStages().forEach((id, labels) -> {
            ArrayNode a = stages.putArray(id);
            labels.forEach(a::add);
        });
        return out;
    }

    private ObjectNode createSecret(JsonNode body) {
        String name = text(body, "Name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AwsError(
                    "InvalidParameterException",
                    "Invalid name. Must be a valid name containing alphanumeric"
                            + " characters, or any of the following: -/_+=.@!");
        }
        StoredSecret existing = secrets.get(name);
        if (existing != null && existing.deletedDate != null) {
            throw new AwsError(
                    "InvalidRequestException",
                    "You can't create this secret because a secret with this name is already scheduled for deletion.");
        }
        if (existing != null) {
            throw new AwsError(
                    "ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        String[] value = value(body);
        StoredSecret s = new StoredSecret(name, arnFor(name), now());
        ObjectNode out = JSON.createObjectNode();
        out.put("ARN", s.arn);
        out.put("Name", name);
        if (value != null) {
            String id = token(body);
            s.addVersion(id, value[0], decode(value[1]), List.of("AWSCURRENT"), now());
            out.put("VersionId", id);
        }
        secrets.put(name, s);
        return out;
    }

    private ObjectNode putSecretValue(JsonNode body) {
        StoredSecret s = find(text(body, "SecretId"));
        if (s.deletedDate != null) {
            throw new AwsError("InvalidRequestException", MARKED_FOR_DELETION);
        }
        if (denied.contains(s.name)) {
            throw denied(s, "PutSecretValue");
        }
        String[] value = value(body);
        if (value == null) {
            throw new AwsError("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
        }
        String id = token(body);
        List<String> labels = new ArrayList<>();
        if (body.has("VersionStages")) {
            body.get("VersionStages").forEach(n -> labels.add(n.asText()));
        } else {
            labels.add("AWSCURRENT");
        }
        Version existing = s.versions.get(id);
        if (existing != null) {
            boolean same = java.util.Objects.equals(existing.text, value[0])
                    && java.util.Arrays.equals(existing.binary, decode(value[1]));
            if (!same) {
                throw new AwsError(
                        "ResourceExistsException",
                        "You can't modify an existing version, you can only create a new version.");
            }
        } else {
            s.addVersion(id, value[0], decode(value[1]), labels, now());
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        out.put("VersionId", id);
        ArrayNode a = out.putArray("VersionStages");
        s.versions.get(id).stages.forEach(a::add);
        return out;
    }

    private ObjectNode deleteSecret(JsonNode body) {
        StoredSecret s = find(text(body, "SecretId"));
        boolean force = body.path("ForceDeleteWithoutRecovery").asBoolean(false);
        if (force && body.has("RecoveryWindowInDays")) {
            throw new AwsError(
                    "InvalidParameterException",
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long days = body.path("RecoveryWindowInDays").asLong(30);
        if (days < 7 || days > 30) {
            throw new AwsError(
                    "InvalidParameterException",
                    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        if (s.deletedDate != null && !force) {
            throw new AwsError(
                    "InvalidRequestException",
                    "You tried to perform the operation on a secret that's currently marked deleted.");
        }
        Instant deletion;
        if (force) {
            secrets.remove(s.name);
            deletion = now();
        } else {
            s.deletedDate = now();
            deletion = s.deletedDate.plus(Duration.ofDays(days));
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        out.put("DeletionDate", epoch(deletion));
        return out;
    }

    private ObjectNode restoreSecret(JsonNode body) {
        StoredSecret s = find(text(body, "SecretId"));
        s.deletedDate = null;
        ObjectNode out = JSON.createObjectNode();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        return out;
    }

    private ObjectNode listSecrets(JsonNode body) {
        int max = body.has("MaxResults") ? body.get("MaxResults").asInt() : 100;
        if (max < 1 || max > 100) {
            throw new AwsError("InvalidParameterException", "MaxResults must be 1 to 100.");
        }
        boolean includeDeleted = body.path("IncludePlannedDeletion").asBoolean(false);
        List<String> namePrefixes = new ArrayList<>();
        for (JsonNode f : body.path("Filters")) {
            if (!"name".equals(f.path("Key").asText())) {
                throw new AwsError("InvalidParameterException", "This fake filters by name only.");
            }
            f.path("Values").forEach(v -> namePrefixes.add(v.asText()));
        }
        List<StoredSecret> matching = new ArrayList<>();
        for (StoredSecret s : secrets.values()) {
            if (s.deletedDate != null && !includeDeleted) {
                continue;
            }
            if (!namePrefixes.isEmpty() && namePrefixes.stream().noneMatch(s.name::startsWith)) {
                continue;
            }
            matching.add(s);
        }
        int from = offset(text(body, "NextToken"));
        int to = Math.min(matching.size(), from + Math.min(max, pageSize));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("SecretList");
        for (StoredSecret s : matching.subList(Math.min(from, matching.size()), to)) {
            ObjectNode e = list.addObject();
            e.put("ARN", s.arn);
            e.put("Name", s.name);
            e.put("LastChangedDate", epoch(s.lastChangedDate));
            e.put("CreatedDate", epoch(s.createdDate));
            if (s.deletedDate != null) {
                e.put("DeletedDate", epoch(s.deletedDate));
            }
            ObjectNode stages = e.putObject("SecretVersionsToStages");
            s.versionsToStages().forEach((id, labels) -> {
                ArrayNode a = stages.putArray(id);
                labels.forEach(a::add);
            });
        }
        if (to < matching.size()) {
            out.put("NextToken", token(to));
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private StoredSecret find(String secretId) {
        if (secretId == null || secretId.isEmpty() || secretId.length() > 2048) {
            throw new AwsError("InvalidParameterException", "Invalid SecretId.");
        }
        StoredSecret s = secrets.get(secretId);
        if (s == null) {
            s = secrets.values().stream()
                    .filter(x -> x.arn.equals(secretId))
                    .findFirst()
                    .orElse(null);
        }
        if (s == null) {
            throw new AwsError("ResourceNotFoundException", NOT_FOUND);
        }
        if (denied.contains(s.name)) {
            throw denied(s, "a read");
        }
        return s;
    }

    private StoredSecret readable(String secretId) {
        StoredSecret s = find(secretId);
        if (s.deletedDate != null) {
            throw new AwsError("InvalidRequestException", MARKED_FOR_DELETION);
        }
        if (undecryptable.contains(s.name)) {
            throw new AwsError(
                    "DecryptionFailure",
                    "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
        }
        return s;
    }

    private static AwsError denied(StoredSecret s, String action) {
        return new AwsError(
                "AccessDeniedException",
                "User: arn:aws:iam::" + ACCOUNT + ":user/test is not authorized to perform: secretsmanager:" + action
                        + " on resource: " + s.name + " because no identity-based policy allows the action");
    }

    private static Version select(StoredSecret s, String versionId, String stage) {
        Version v;
        if (versionId != null) {
            v = s.versions.get(versionId);
            if (v == null || (stage != null && !v.stages.contains(stage))) {
                throw new AwsError(
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for VersionId: " + versionId);
            }
            return v;
        }
        String label = stage == null ? "AWSCURRENT" : stage;
        v = s.withStage(label);
        if (v == null) {
            throw new AwsError(
                    "ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for staging label: " + label);
        }
        return v;
    }

    private static ObjectNode valueEntry(StoredSecret s, Version v) {
        ObjectNode out = JSON.createObjectNode();
        out.put("ARN", s.arn);
        out.put("Name", s.name);
        out.put("VersionId", v.id);
        if (v.text != null) {
            out.put("SecretString", v.text);
        } else if (v.binary != null) {
            out.put("SecretBinary", Base64.getEncoder().encodeToString(v.binary));
        }
        ArrayNode stages = out.putArray("VersionStages");
        v.stages.forEach(stages::add);
        out.put("CreatedDate", epoch(v.created));
        return out;
    }

    /** @return {text, base64 binary} or null when neither is given */
    private static String[] value(JsonNode body) {
        String text = text(body, "SecretString");
        String binary = text(body, "SecretBinary");
        if (text != null && binary != null) {
            throw new AwsError(
                    "InvalidParameterException",
                    "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (text == null && binary == null) {
            return null;
        }
        int size = text != null ? text.getBytes(StandardCharsets.UTF_8).length : decode(binary).length;
        if (size > 65_536) {
            throw new AwsError("InvalidParameterException", "The secret value exceeds the 65536 byte quota.");
        }
        return new String[] {text, binary};
    }

    private static byte[] decode(String base64) {
        return base64 == null ? null : Base64.getDecoder().decode(base64);
    }

    private static String token(JsonNode body) {
        String t = text(body, "ClientRequestToken");
        if (t == null) {
            return UUID.randomUUID().toString();
        }
        if (t.length() < 32 || t.length() > 64) {
            throw new AwsError("InvalidParameterException", "ClientRequestToken must be 32 to 64 characters.");
        }
        return t;
    }

    private static String token(int offset) {
        return Base64.getEncoder().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token) {
        if (token == null) {
            return 0;
        }
        try {
            String t = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            return Integer.parseInt(t.substring("offset:".length()));
        } catch (RuntimeException e) {
            throw new AwsError("InvalidNextTokenException", "The NextToken value is invalid.");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static BigDecimal epoch(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    private Instant now() {
        return clock.instant();
    }

    private static String arnFor(String name) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-" + suffix;
    }

    private static ResponseDefinition ok(ObjectNode body) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(body.toString())
                .build();
    }

    private static ResponseDefinition error(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", type);
        if (message != null) {
            body.put("message", message);
        }
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(body.toString())
                .build();
    }

    private static final class Version {
        final String id;
        final String text;
        final byte[] binary;
        final Set<String> stages = new LinkedHashSet<>();
        final Instant created;

        Version(String id, String text, byte[] binary, Instant created) {
            this.id = id;
            this.text = text;
            this.binary = binary;
            this.created = created;
        }
    }

    private static final class StoredSecret {
        final String name;
        final String arn;
        final Instant createdDate;
        Instant lastChangedDate;
        Instant deletedDate;
        final Map<String, Version> versions = new LinkedHashMap<>();

        StoredSecret(String name, String arn, Instant created) {
            this.name = name;
            this.arn = arn;
            this.createdDate = created;
            this.lastChangedDate = created;
        }

        Version withStage(String label) {
            return versions.values().stream()
                    .filter(v -> v.stages.contains(label))
                    .findFirst()
                    .orElse(null);
        }

        /** Adds a version; a label moves from the version that had it, and AWSCURRENT leaves AWSPREVIOUS behind. */
        String addVersion(String id, String text, byte[] binary, List<String> labels, Instant when) {
            Version v = new Version(id, text, binary, when);
            for (String label : labels) {
                Version holder = withStage(label);
                if (holder != null) {
                    holder.stages.remove(label);
                    if (label.equals("AWSCURRENT")) {
                        Version previous = withStage("AWSPREVIOUS");
                        if (previous != null) {
                            previous.stages.remove("AWSPREVIOUS");
                        }
                        holder.stages.add("AWSPREVIOUS");
                    }
                }
                v.stages.add(label);
            }
            versions.put(id, v);
            lastChangedDate = when;
            return id;
        }

        Map<String, List<String>> versionsToStages() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            // Versions without a label are deprecated and not reported.
            versions.values().stream()
                    .filter(v -> !v.stages.isEmpty())
                    .forEach(v -> out.put(v.id, List.copyOf(v.stages)));
            return out;
        }
    }

    /**
     * Runs the fake on a port for command-line demos until the process is stopped.
     *
     * <pre>{@code
     * java -cp ... dev.arcanum.secrets.aws.fake.SecretsManagerFake 4566 prod/db='{"password":"s3cr3t"}'
     * }</pre>
     *
     * @param args the port (default 4566), then optional {@code name=value} secrets to seed
     * @throws InterruptedException when interrupted while waiting
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4566;
        SecretsManagerFake fake = new SecretsManagerFake().start(port);
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq > 0) {
                fake.seed(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        System.out.println("AWS Secrets Manager fake at " + fake.endpoint() + " (region " + REGION
                + "); any access key works, for example AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test");
        new CountDownLatch(1).await();
    }
}
