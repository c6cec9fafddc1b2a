package dev.arcanum.secrets.infisical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.infisical.InfisicalConfig.ApiVersion;
import dev.arcanum.secrets.infisical.InfisicalKeys.Location;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import dev.arcanum.secrets.spi.SecretFields;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Infisical Cloud or a self-hosted Infisical server, through its REST API.
 *
 * <p><b>Keys</b>: {@code folder/sub/NAME} is the secret {@code NAME} in the folder {@code
 * <INFISICAL_SECRET_PATH>/<scope>/folder/sub} of the configured project and environment; {@link
 * SecretScope#DEFAULT} adds no scope folder. Folder segments allow letters, digits, {@code -} and
 * {@code _} (Infisical's folder-name rule); a key that breaks it fails before any call. {@code
 * #field} picks a field of a JSON-object value.
 *
 * <p><b>Reads</b> ask for one secret by name; {@link #getMany} lists each distinct folder once and
 * picks the keys from it. A secret whose value the identity may not read ({@code
 * secretValueHidden}) is {@link SecretAccessDeniedException}, never an empty value.
 *
 * <p><b>Writes</b> create ({@code POST}), update ({@code PATCH}) and delete ({@code DELETE});
 * missing folders are created first. Where a change-approval policy covers the folder, the server
 * answers with a change request instead of applying the write: that is {@link
 * ChangeApprovalPendingException}. Infisical trims surrounding whitespace from values (keeping one
 * final newline), so a value it would change is refused with {@link InvalidSecretValueException}
 * rather than stored altered.
 *
 * <p><b>Signing</b> uses the core HMAC signer with its keys stored in this project.
 *
 * <p>Thread-safe. Create it through {@link InfisicalSecretProviderFactory} ({@code
 * SECRETS_PROVIDER=infisical}).
 */
public final class InfisicalSecretProvider implements SecretStore {
    private final InfisicalConfig config;
    private final InfisicalTransport transport;
    private final InfisicalKeys keys;
    private final HmacSecretSigner signer;

    private final String listPath;
    private final String secretPath;
    private final String batchPath;
    private final String foldersPath;
    private final String projectParam;

    InfisicalSecretProvider(InfisicalConfig config, InfisicalTransport transport) {
        this.config = config;
        this.transport = transport;
        this.keys = new InfisicalKeys(config.basePath);
        boolean v4 = config.apiVersion == ApiVersion.V4;
        // v4: backend/src/server/routes/v4/secret-router.ts; v3: routes/v3/deprecated-secret-router.ts.
        this.listPath = v4 ? "/api/v4/secrets" : "/api/v3/secrets/raw";
        this.secretPath = listPath + "/";
        this.batchPath = v4 ? "/api/v4/secrets/batch" : "/api/v3/secrets/batch/raw";
        // Folders: routes/v2/secret-folder-router.ts (projectId); older servers routes/v1 (workspaceId).
        this.foldersPath = v4 ? "/api/v2/folders" : "/api/v1/folders";
        this.projectParam = v4 ? "projectId" : "workspaceId";
        this.signer = new HmacSecretSigner(this);
    }

    /**
     * @return {@code infisical}
     */
    @Override
    public String name() {
        return "infisical";
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        return read(key, keys.locate(key, scope), null, scope);
    }

    /**
     * Reads a pinned version: Infisical numbers versions 1, 2, 3, … per secret.
     *
     * @throws InvalidSecretKeyException if the version is not a whole number from 1, before any call
     */
    @Override
    public Secret getVersion(String key, String version, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        Location loc = keys.locate(key, scope);
        if (version == null || !version.matches("[1-9][0-9]{0,9}")) {
            throw new InvalidSecretKeyException("Invalid version '" + version + "' for key '" + key
                    + "': Infisical versions are whole numbers from 1");
        }
        return read(key, loc, version, scope);
    }

    private Secret read(String key, Location loc, String version, SecretScope scope) {
        Map<String, String> q = query(loc.folder());
        q.put("version", version);
        q.put("type", "shared");
        q.put("viewSecretValue", "true");
        q.put("expandSecretReferences", Boolean.toString(config.expandReferences));
        q.put("include_imports", Boolean.toString(config.includeImports));
        ApiResponse r = transport.call("GET", secretPath + InfisicalTransport.encode(loc.name()), q, null);
        if (r.status() == 404) {
            throw new SecretNotFoundException((version == null ? "Secret '" : "Version " + version + " of secret '")
                    + loc.key().path() + "' not found in Infisical " + where(loc.folder(), scope) + " ("
                    + r.describe() + ")");
        }
        if (!r.ok()) {
            throw failure(r, "reading", loc.key().path(), loc.folder(), scope);
        }
        JsonNode s = r.json().get("secret");
        if (s == null || !s.isObject()) {
            throw unexpected("GET " + secretPath + "{secretName}", "secret");
        }
        return select(key, loc, toSecret(loc, s, scope));
    }

    private Secret select(String key, Location loc, Secret whole) {
        if (loc.key().fieldOrNull() == null) {
            return whole;
        }
        return SecretFields.select(whole, loc.key());
    }

    private Secret toSecret(Location loc, JsonNode s, SecretScope scope) {
        if (s.path("secretValueHidden").asBoolean(false)) {
            throw new SecretAccessDeniedException(
                    "Infisical hides the value of '" + loc.key().path() + "' from the "
                            + config.identity() + " (" + where(loc.folder(), scope)
                            + "): grant the identity permission to read secret values there");
        }
        return Secret.of(
                loc.key().path(),
                s.path("secretValue").asText(""),
                metadata(loc.key().path(), s));
    }

    private SecretMetadata metadata(String key, JsonNode s) {
        Map<String, String> attributes = new HashMap<>();
        putText(attributes, "infisical.id", s.get("id"));
        putText(attributes, "infisical.environment", s.get("environment"));
        putText(attributes, "infisical.secretPath", s.get("secretPath"));
        putText(attributes, "infisical.type", s.get("type"));
        JsonNode v = s.get("version");
        String version = v == null || v.isNull() ? null : v.asText();
        return SecretMetadata.of(key, version, instant(s.get("createdAt")), instant(s.get("updatedAt")), attributes);
    }

    private static void putText(Map<String, String> attributes, String name, JsonNode n) {
        if (n != null && !n.isNull() && !n.asText().isEmpty()) {
            attributes.put(name, n.asText());
        }
    }

    private static Instant instant(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * One list call per distinct folder, then the keys are picked from the answers: keys sharing a
     * folder never cost a call each.
     */
    @Override
    public Map<String, Secret> getMany(Collection<String> keyList, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        Map<String, List<Location>> byFolder = new LinkedHashMap<>();
        Map<Location, String> asked = new LinkedHashMap<>();
        for (String key : distinct(keyList)) {
            Location loc = keys.locate(key, scope);
            byFolder.computeIfAbsent(loc.folder(), f -> new ArrayList<>()).add(loc);
            asked.put(loc, key);
        }
        Map<String, Secret> result = new LinkedHashMap<>();
        for (Map.Entry<String, List<Location>> e : byFolder.entrySet()) {
            Map<String, JsonNode> byName = listByName(e.getKey(), true, false, config.includeImports, scope);
            for (Location loc : e.getValue()) {
                JsonNode s = byName.get(loc.name());
                if (s == null) {
                    continue;
                }
                Secret whole = toSecret(loc, s, scope);
                try {
                    result.put(asked.get(loc), select(asked.get(loc), loc, whole));
                } catch (SecretNotFoundException missingField) {
                    // An absent field is an absent key for getMany.
                }
            }
        }
        return result;
    }

    /** The keys in order, each once; a null collection or key is refused before any call. */
    private static List<String> distinct(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        Set<String> seen = new LinkedHashSet<>();
        for (String k : keys) {
            if (k == null) {
                throw new InvalidSecretKeyException(
                        "Invalid key: null (a key is 'name' or 'path/to/name', optionally '#field')");
            }
            seen.add(k);
        }
        return new ArrayList<>(seen);
    }

    /** The secrets of one folder by name; imported ones first so the folder's own win, later imports over earlier. */
    private Map<String, JsonNode> listByName(
            String folder, boolean values, boolean recursive, boolean imports, SecretScope scope) {
        JsonNode body = list(folder, values, recursive, imports, scope);
        Map<String, JsonNode> byName = new HashMap<>();
        JsonNode importList = body.get("imports");
        if (importList != null && importList.isArray()) {
            for (JsonNode imp : importList) {
                for (JsonNode s : imp.path("secrets")) {
                    ObjectNode copy = ((ObjectNode) s).deepCopy();
                    if (!copy.has("secretPath")) {
                        copy.put("secretPath", imp.path("secretPath").asText());
                    }
                    byName.put(s.path("secretKey").asText(), copy);
                }
            }
        }
        for (JsonNode s : body.path("secrets")) {
            if (!"personal".equals(s.path("type").asText())) {
                byName.put(s.path("secretKey").asText(), s);
            }
        }
        return byName;
    }

    private JsonNode list(String folder, boolean values, boolean recursive, boolean imports, SecretScope scope) {
        Map<String, String> q = query(folder);
        q.put("viewSecretValue", Boolean.toString(values));
        q.put("expandSecretReferences", Boolean.toString(values && config.expandReferences));
        q.put("recursive", Boolean.toString(recursive));
        q.put("include_imports", Boolean.toString(imports));
        ApiResponse r = transport.call("GET", listPath, q, null);
        if (!r.ok()) {
            throw failure(r, "listing", "folder " + folder, folder, scope);
        }
        if (!r.json().path("secrets").isArray()) {
            throw unexpected("GET " + listPath, "secrets");
        }
        return r.json();
    }

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        Location loc = keys.locateForWrite(key, scope);
        checkValue(key, value);
        ObjectNode body = body(loc.folder());
        body.put("secretValue", value);
        body.put("type", "shared");
        ApiResponse r = create(loc, body, scope);
        if (r.ok()) {
            return written(r, "create", loc, scope);
        }
        if (!alreadyExists(r)) {
            throw failure(r, "creating", loc.key().path(), loc.folder(), scope);
        }
        ObjectNode update = body(loc.folder());
        update.put("secretValue", value);
        update.put("type", "shared");
        ApiResponse u = transport.call("PATCH", secretPath + InfisicalTransport.encode(loc.name()), Map.of(), update);
        if (!u.ok()) {
            throw failure(u, "updating", loc.key().path(), loc.folder(), scope);
        }
        return written(u, "update", loc, scope);
    }

    /**
     * Atomic on the server: a create that Infisical answers {@code 400 Secret already exist} writes
     * nothing and returns false.
     */
    @Override
    public boolean putIfAbsent(String key, String value, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        Location loc = keys.locateForWrite(key, scope);
        checkValue(key, value);
        ObjectNode body = body(loc.folder());
        body.put("secretValue", value);
        body.put("type", "shared");
        ApiResponse r = create(loc, body, scope);
        if (r.ok()) {
            written(r, "create", loc, scope);
            return true;
        }
        if (alreadyExists(r)) {
            return false;
        }
        throw failure(r, "creating", loc.key().path(), loc.folder(), scope);
    }

    /** POST, creating the folder first when the server says it is missing. */
    private ApiResponse create(Location loc, ObjectNode body, SecretScope scope) {
        String path = secretPath + InfisicalTransport.encode(loc.name());
        ApiResponse r = transport.call("POST", path, Map.of(), body);
        if (folderMissing(r)) {
            ensureFolder(loc.folder(), scope);
            r = transport.call("POST", path, Map.of(), body);
        }
        return r;
    }

    /** Creates a folder and any missing parents (the server's create is idempotent and builds parents). */
    private void ensureFolder(String folder, SecretScope scope) {
        int slash = folder.lastIndexOf('/');
        String name = folder.substring(slash + 1);
        String parent = slash <= 0 ? "/" : folder.substring(0, slash);
        ObjectNode body = InfisicalTransport.JSON.createObjectNode();
        body.put(projectParam, config.projectId);
        body.put("environment", config.environment);
        body.put("name", name);
        body.put("path", parent);
        ApiResponse r = transport.call("POST", foldersPath, Map.of(), body);
        if (!r.ok()) {
            throw failure(r, "creating", "folder " + folder, folder, scope);
        }
    }

    private static boolean alreadyExists(ApiResponse r) {
        // secret-v2-bridge-service.ts: BadRequestError "Secret already exist" (batch: "Secret already exist: A,B").
        return r.status() == 400 && r.message().startsWith("Secret already exist");
    }

    private static boolean folderMissing(ApiResponse r) {
        // secret-v2-bridge-service.ts: NotFoundError "Folder with path '/x' in environment with slug 'dev' not found".
        return r.status() == 404 && r.message().startsWith("Folder with path");
    }

    private SecretMetadata written(ApiResponse r, String action, Location loc, SecretScope scope) {
        pendingApproval(r, action, loc.key().path(), loc.folder(), scope);
        JsonNode s = r.json().get("secret");
        if (s == null || !s.isObject()) {
            throw unexpected(action + " of a secret", "secret");
        }
        return metadata(loc.key().path(), s);
    }

    private void pendingApproval(ApiResponse r, String action, String what, String folder, SecretScope scope) {
        JsonNode approval = r.json().get("approval");
        if (approval == null || approval.isNull()) {
            return;
        }
        String id = approval.path("id").asText(null);
        String slug = approval.path("slug").asText(null);
        throw new ChangeApprovalPendingException(
                "Infisical holds the " + action + " of " + what + " (" + where(folder, scope)
                        + ") as change request '" + slug + "' (id " + id + ") pending approval under a"
                        + " change-approval policy; nothing is applied until a reviewer approves it in Infisical",
                id,
                slug);
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        Location loc = keys.locateForWrite(key, scope);
        ObjectNode body = body(loc.folder());
        body.put("type", "shared");
        ApiResponse r = transport.call("DELETE", secretPath + InfisicalTransport.encode(loc.name()), Map.of(), body);
        if (r.status() == 404) {
            return false;
        }
        if (!r.ok()) {
            throw failure(r, "deleting", loc.key().path(), loc.folder(), scope);
        }
        pendingApproval(r, "delete", loc.key().path(), loc.folder(), scope);
        return true;
    }

    /** Asks for the secret without its value ({@code viewSecretValue=false}), so describe permission suffices. */
    @Override
    public boolean exists(String key, SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        Location loc = keys.locate(key, scope);
        Map<String, String> q = query(loc.folder());
        q.put("type", "shared");
        q.put("viewSecretValue", "false");
        q.put("include_imports", Boolean.toString(config.includeImports));
        ApiResponse r = transport.call("GET", secretPath + InfisicalTransport.encode(loc.name()), q, null);
        if (r.status() == 404) {
            return false;
        }
        if (!r.ok()) {
            throw failure(r, "checking", loc.key().path(), loc.folder(), scope);
        }
        return true;
    }

    /**
     * One recursive list of the scope's folder ({@code recursive=true}, {@code viewSecretValue=false}):
     * keys in sub-folders come back as {@code folder/NAME}. Imported secrets are left out: they
     * belong to other folders. For {@link SecretScope#DEFAULT} the scope's folder is the base path
     * itself, so other scopes' folders below it are listed too, as {@code <scope>/NAME}.
     */
    @Override
    public List<SecretMetadata> list(SecretScope scope) {
        Objects.requireNonNull(scope, "scope");
        String folder = keys.scopeFolderPath(scope);
        JsonNode body = list(folder, false, true, false, scope);
        List<SecretMetadata> out = new ArrayList<>();
        for (JsonNode s : body.path("secrets")) {
            if ("personal".equals(s.path("type").asText())) {
                continue;
            }
            String path = s.hasNonNull("secretPath") ? s.get("secretPath").asText() : folder;
            String key = keys.keyOf(scope, path, s.path("secretKey").asText());
            if (key != null) {
                out.add(metadata(key, s));
            }
        }
        out.sort(Comparator.comparing(SecretMetadata::key));
        return out;
    }

    /**
     * Per folder: one list (to tell new names from existing ones), one batch create and one batch
     * update. All keys and values are checked before the first call; folders are written one after
     * the other, so a failure leaves earlier folders written.
     */
    @Override
    public BulkResult putAll(Map<String, String> values, SecretScope scope) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(scope, "scope");
        Map<String, Map<Location, String>> byFolder = new LinkedHashMap<>();
        Map<Location, String> keyOf = new HashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Location loc = keys.locateForWrite(e.getKey(), scope);
            checkValue(e.getKey(), e.getValue());
            byFolder.computeIfAbsent(loc.folder(), f -> new LinkedHashMap<>()).put(loc, e.getValue());
            keyOf.put(loc, e.getKey());
        }
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (Map.Entry<String, Map<Location, String>> e : byFolder.entrySet()) {
            String folder = e.getKey();
            Set<String> existing =
                    listByName(folder, false, false, false, scope).keySet();
            ArrayNode toCreate = InfisicalTransport.JSON.createArrayNode();
            ArrayNode toUpdate = InfisicalTransport.JSON.createArrayNode();
            List<String> createdHere = new ArrayList<>();
            List<String> updatedHere = new ArrayList<>();
            for (Map.Entry<Location, String> item : e.getValue().entrySet()) {
                ObjectNode s = InfisicalTransport.JSON.createObjectNode();
                s.put("secretKey", item.getKey().name());
                s.put("secretValue", item.getValue());
                if (existing.contains(item.getKey().name())) {
                    toUpdate.add(s);
                    updatedHere.add(keyOf.get(item.getKey()));
                } else {
                    toCreate.add(s);
                    createdHere.add(keyOf.get(item.getKey()));
                }
            }
            if (!toCreate.isEmpty()) {
                ObjectNode body = body(folder);
                body.set("secrets", toCreate);
                ApiResponse r = transport.call("POST", batchPath, Map.of(), body);
                if (folderMissing(r)) {
                    ensureFolder(folder, scope);
                    r = transport.call("POST", batchPath, Map.of(), body);
                }
                batchDone(r, "batch create", createdHere, folder, scope);
                created.addAll(createdHere);
            }
            if (!toUpdate.isEmpty()) {
                ObjectNode body = body(folder);
                body.set("secrets", toUpdate);
                ApiResponse r = transport.call("PATCH", batchPath, Map.of(), body);
                batchDone(r, "batch update", updatedHere, folder, scope);
                updated.addAll(updatedHere);
            }
        }
        return new BulkResult(created, updated);
    }

    private void batchDone(ApiResponse r, String action, List<String> keysWritten, String folder, SecretScope scope) {
        String what = keysWritten.size() + " keys " + keysWritten;
        if (!r.ok()) {
            throw failure(r, action.equals("batch create") ? "creating" : "updating", what, folder, scope);
        }
        pendingApproval(r, action, what, folder, scope);
        if (!r.json().path("secrets").isArray()) {
            throw unexpected(action, "secrets");
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

    /**
     * Logs in (or uses the token) and lists the configured folder once, without retries: HEALTHY
     * when that works, DEGRADED when rate-limited (429), UNAVAILABLE otherwise, naming the identity's
     * client id and the project on 401/403 — never a credential.
     */
    @Override
    public SecretProviderHealth healthCheck() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("site", config.site.toString());
        details.put("apiVersion", config.apiVersion.name().toLowerCase(java.util.Locale.ROOT));
        details.put("projectId", config.projectId);
        details.put("environment", config.environment);
        details.put("secretPath", config.basePath);
        if (config.usesUniversalAuth()) {
            details.put("clientId", config.clientId);
        }
        try {
            Map<String, String> q = query(config.basePath);
            q.put("viewSecretValue", "false");
            q.put("recursive", "false");
            q.put("include_imports", "false");
            ApiResponse r = transport.call("GET", listPath, q, null, 0);
            if (r.ok()) {
                details.put("secrets", r.json().path("secrets").size());
                return SecretProviderHealth.healthy(
                        "Infisical at " + config.site + ": " + (config.usesUniversalAuth() ? "logged in, " : "")
                                + "listed " + config.basePath + " of project " + config.projectId + " ("
                                + config.environment + ")",
                        details);
            }
            if (r.status() == 401 || r.status() == 403) {
                return SecretProviderHealth.unavailable(
                        "Infisical at " + config.site + " denied the " + config.identity() + " access to project "
                                + config.projectId + " (" + config.environment + ", " + config.basePath + "): "
                                + r.describe(),
                        details);
            }
            return SecretProviderHealth.unavailable(
                    "Infisical at " + config.site + " could not list " + config.basePath + " of project "
                            + config.projectId + ": " + r.describe(),
                    details);
        } catch (RateLimitedException e) {
            return SecretProviderHealth.degraded(e.getMessage(), details);
        } catch (SecretAccessDeniedException e) {
            return SecretProviderHealth.unavailable(e.getMessage() + " (project " + config.projectId + ")", details);
        } catch (SecretException e) {
            return SecretProviderHealth.unavailable(e.getMessage(), details);
        } catch (RuntimeException e) {
            return SecretProviderHealth.unavailable(
                    "Infisical health check failed: " + e.getClass().getSimpleName(), details);
        }
    }

    private void checkValue(String key, String value) {
        if (value == null) {
            throw new InvalidSecretValueException("Invalid value for '" + key + "': null (use an empty string)");
        }
        if (!value.equals(serverNormalized(value))) {
            throw new InvalidSecretValueException("Invalid value for '" + key + "': Infisical trims leading and"
                    + " trailing whitespace from values (keeping one final newline), so it would not store this"
                    + " value as given; remove the surrounding whitespace or encode the value (for example Base64)");
        }
    }

    /** The server's transform of secretValue (v4/secret-router.ts): JS trim(), one final newline kept. */
    static String serverNormalized(String value) {
        String trimmed = jsTrim(value);
        return !value.isEmpty() && value.charAt(value.length() - 1) == '\n' ? trimmed + "\n" : trimmed;
    }

    private static String jsTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && jsWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && jsWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** ECMAScript WhiteSpace and LineTerminator, the set String.prototype.trim removes. */
    private static boolean jsWhitespace(char c) {
        switch (c) {
            case '\t':
            case '\n':
            case '\u000B':
            case '\f':
            case '\r':
            case ' ':
            case '\u00A0':
            case '\u1680':
            case '\u2028':
            case '\u2029':
            case '\u202F':
            case '\u205F':
            case '\u3000':
            case '\uFEFF':
                return true;
            default:
                return c >= '\u2000' && c <= '\u200A';
        }
    }

    private Map<String, String> query(String folder) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put(projectParam, config.projectId);
        q.put("environment", config.environment);
        q.put("secretPath", folder);
        return q;
    }

    private ObjectNode body(String folder) {
        ObjectNode b = InfisicalTransport.JSON.createObjectNode();
        b.put(projectParam, config.projectId);
        b.put("environment", config.environment);
        b.put("secretPath", folder);
        return b;
    }

    private String where(String folder, SecretScope scope) {
        return "project " + config.projectId + ", environment " + config.environment + ", folder " + folder + ", scope "
                + scope.name();
    }

    private SecretException failure(ApiResponse r, String action, String what, String folder, SecretScope scope) {
        String subject = what.startsWith("folder ") || what.contains(" keys [") ? what : "'" + what + "'";
        String text = "Infisical " + (r.status() == 401 || r.status() == 403 ? "denied " : "refused ") + action + " "
                + subject + " (" + where(folder, scope) + ") to the " + config.identity() + ": " + r.describe();
        if (r.status() == 401 || r.status() == 403) {
            return new SecretAccessDeniedException(text);
        }
        if (r.status() == 404) {
            return new SecretNotFoundException(text);
        }
        return new SecretException(text);
    }

    private SecretProviderUnavailableException unexpected(String call, String field) {
        return new SecretProviderUnavailableException("Infisical at " + config.site + " answered " + call
                + " without the expected '" + field + "' field; is this an Infisical server of a supported version"
                + " (try " + InfisicalSettings.API_VERSION.displayName() + "=v3 for older servers)?");
    }

    /** Nothing to release: the JDK HttpClient frees its connections when unreferenced. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "InfisicalSecretProvider{" + config + "}";
    }
}
