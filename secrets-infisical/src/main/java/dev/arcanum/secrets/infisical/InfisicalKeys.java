package dev.arcanum.secrets.infisical;

import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretScope;
import java.util.List;
import java.util.Set;

/**
 * Maps keys to Infisical's names and back. A key {@code folder/sub/NAME} in scope {@code s} is the
 * secret {@code NAME} in the folder {@code <base>/<s>/folder/sub}, where {@code <base>} is {@code
 * INFISICAL_SECRET_PATH} and the scope folder is left out for {@link SecretScope#DEFAULT}. Folder
 * segments follow Infisical's folder-name rule (letters, digits, {@code -}, {@code _}); the name
 * follows the key grammar, which already excludes the {@code :} and {@code /} Infisical refuses.
 *
 * <p>Because {@link SecretScope#DEFAULT} is the base folder itself, the folders of the well-known
 * scopes ({@code service-account}, {@code database}, {@code third-party-api}) are reserved there: a
 * DEFAULT key may not start with one of them, and listing DEFAULT leaves them out, so scopes never
 * see each other's keys. An application's own scope {@code s} uses the folder {@code /s}; it should
 * not also use {@code s/…} keys in DEFAULT (documented in {@code docs/providers/infisical.md}).
 *
 * <p>Immutable and thread-safe.
 */
final class InfisicalKeys {
    static final Set<String> RESERVED =
            Set.of(SecretScope.SERVICE_ACCOUNT.name(), SecretScope.DATABASE.name(), SecretScope.THIRD_PARTY_API.name());

    private final String basePath;

    InfisicalKeys(String basePath) {
        this.basePath = basePath;
    }

    /** Where a key lives. {@code key} is the key as written, with any {@code #field}. */
    record Location(SecretKey key, String folder, String name) {}

    Location locate(String key, SecretScope scope) {
        SecretKey parsed = SecretKey.parse(key);
        List<String> segments = parsed.segments();
        if (scope.isDefault() && segments.size() > 1 && RESERVED.contains(segments.get(0))) {
            throw new InvalidSecretKeyException("Invalid key '" + key + "' in the default scope for Infisical: the"
                    + " folder '" + segments.get(0) + "' holds the scope of that name; read it with SecretScope.of(\""
                    + segments.get(0) + "\") and key '"
                    + parsed.path().substring(segments.get(0).length() + 1) + "'");
        }
        StringBuilder folder = new StringBuilder(scopeFolder(scope));
        for (int i = 0; i < segments.size() - 1; i++) {
            String segment = segments.get(i);
            if (!InfisicalConfig.FOLDER_NAME.matcher(segment).matches()) {
                throw new InvalidSecretKeyException("Invalid key '" + key + "' for Infisical: the folder '" + segment
                        + "' may hold only letters, digits, '-' and '_' (Infisical folder names allow no '.')");
            }
            folder.append('/').append(segment);
        }
        return new Location(parsed, folder.length() == 0 ? "/" : folder.toString(), parsed.name());
    }

    /** Like {@link #locate} for writes: a {@code #field} is refused. */
    Location locateForWrite(String key, SecretScope scope) {
        Location l = locate(key, scope);
        if (l.key().fieldOrNull() != null) {
            throw new InvalidSecretKeyException(
                    "Invalid key '" + key + "' for a write: '#field' selects part of a value when reading;"
                            + " write the whole value under '" + l.key().path() + "'");
        }
        return l;
    }

    /** The folder of a scope: the base, plus {@code /<scope>} unless DEFAULT; "" stands for "/". */
    String scopeFolder(SecretScope scope) {
        String base = basePath.equals("/") ? "" : basePath;
        return scope.isDefault() ? base : base + "/" + scope.name();
    }

    String scopeFolderPath(SecretScope scope) {
        String f = scopeFolder(scope);
        return f.isEmpty() ? "/" : f;
    }

    /**
     * The key of a secret listed under a scope, or null when the folder lies outside it.
     *
     * @param scope the scope listed
     * @param secretPath the folder Infisical reports for the secret
     * @param name the secret's name
     */
    String keyOf(SecretScope scope, String secretPath, String name) {
        String root = scopeFolder(scope);
        String path = secretPath == null || secretPath.equals("/") ? "" : secretPath;
        if (path.equals(root)) {
            return name;
        }
        if (path.startsWith(root + "/")) {
            String relative = path.substring(root.length() + 1);
            int slash = relative.indexOf('/');
            String top = slash < 0 ? relative : relative.substring(0, slash);
            if (scope.isDefault() && RESERVED.contains(top)) {
                return null;
            }
            return relative + "/" + name;
        }
        return null;
    }
}
