package dev.arcanum.secrets.aws.internal;

import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretScope;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps keys and scopes to Secrets Manager names and back: {@code <prefix>/<scope>/<path>}, where the
 * prefix is left out when empty and the scope when it is {@link SecretScope#DEFAULT}. A key that is
 * a full secret ARN is used as is (scope and prefix do not apply). Every rule is checked before a
 * network call. Immutable and thread-safe.
 */
public final class AwsNames {
    /** Longest secret name AWS accepts (CreateSecret {@code Name}: 1–512 characters). */
    public static final int MAX_NAME_LENGTH = 512;

    /** Longest {@code SecretId} (name or ARN) AWS accepts. */
    public static final int MAX_SECRET_ID_LENGTH = 2048;

    /** Characters AWS allows in a secret name: ASCII letters, digits and {@code /_+=.@-}. */
    public static final Pattern NAME_CHARS = Pattern.compile("[A-Za-z0-9/_+=.@-]+");

    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]{1," + MAX_NAME_LENGTH + "}");

    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** Well-known scopes whose subtrees a DEFAULT-scope listing leaves out. */
    private static final Set<String> RESERVED_FIRST_SEGMENTS =
            Set.of(SecretScope.SERVICE_ACCOUNT.name(), SecretScope.DATABASE.name(), SecretScope.THIRD_PARTY_API.name());

    private final String prefix;

    /**
     * @param prefix the configured prefix, possibly empty; validated by {@link #checkPrefix}
     */
    public AwsNames(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
    }

    /**
     * @param prefix a candidate prefix
     * @return null if acceptable, else what is wrong
     */
    public static String checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return null;
        }
        if (!NAME_CHARS.matcher(prefix).matches()) {
            return "is '" + prefix + "': use only ASCII letters, digits and / _ + = . @ -";
        }
        if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")) {
            return "is '" + prefix + "': it must not start or end with '/' nor contain '//'";
        }
        if (prefix.length() > 256) {
            return "is longer than 256 characters";
        }
        return null;
    }

    /**
     * @return the configured prefix, possibly empty
     */
    public String prefix() {
        return prefix;
    }

    /**
     * The name prefix of a scope, with a trailing {@code /}, or empty for DEFAULT without a prefix.
     *
     * @param scope the scope
     * @return for example {@code app/database/}
     */
    public String scopePrefix(SecretScope scope) {
        StringBuilder sb = new StringBuilder();
        if (!prefix.isEmpty()) {
            sb.append(prefix).append('/');
        }
        if (!scope.isDefault()) {
            sb.append(scope.name()).append('/');
        }
        return sb.toString();
    }

    /**
     * Resolves a key as a caller wrote it.
     *
     * @param key the key, optionally with {@code #field}, or a full secret ARN
     * @param scope the scope
     * @return the AWS id and the parts of the key
     * @throws InvalidSecretKeyException if the key breaks our grammar or AWS's naming rules
     */
    public AwsSecretId resolve(String key, SecretScope scope) {
        if (key != null && key.startsWith("arn:")) {
            return resolveArn(key);
        }
        SecretKey parsed = SecretKey.parse(key);
        String name = scopePrefix(scope) + parsed.path();
        checkName(key, name);
        return new AwsSecretId(key, name, parsed.path(), parsed.fieldOrNull());
    }

    /**
     * Resolves a key that must not carry a field (writes).
     *
     * @param key the key
     * @param scope the scope
     * @return the AWS id
     */
    public AwsSecretId resolvePlain(String key, SecretScope scope) {
        AwsSecretId id = resolve(key, scope);
        if (id.field() != null) {
            throw new InvalidSecretKeyException(
                    "Invalid key '" + key + "': writes take a plain key; '#field' only selects when reading");
        }
        return id;
    }

    /**
     * Maps an AWS name back to a key of a scope.
     *
     * @param awsName the name as AWS lists it
     * @param scope the scope listed
     * @return the key, or null when the name does not belong to the scope (or is not a valid key)
     */
    public String keyOf(String awsName, SecretScope scope) {
        String p = scopePrefix(scope);
        if (!awsName.startsWith(p) || awsName.length() == p.length()) {
            return null;
        }
        String key = awsName.substring(p.length());
        if (scope.isDefault()) {
            int slash = key.indexOf('/');
            if (slash > 0 && RESERVED_FIRST_SEGMENTS.contains(key.substring(0, slash))) {
                return null;
            }
        }
        try {
            SecretKey.parse(key);
        } catch (InvalidSecretKeyException e) {
            // Created outside this library with characters our key grammar does not take ('+', '@').
            return null;
        }
        return key;
    }

    private static void checkName(String key, String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidSecretKeyException("Invalid key '" + shorten(key) + "': the AWS secret name '"
                    + shorten(name) + "' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (!NAME_CHARS.matcher(name).matches()) {
            throw new InvalidSecretKeyException("Invalid key '" + shorten(key)
                    + "': AWS secret names take only ASCII letters, digits and / _ + = . @ -");
        }
    }

    private static AwsSecretId resolveArn(String key) {
        int hash = key.indexOf('#');
        String arn = hash < 0 ? key : key.substring(0, hash);
        String field = hash < 0 ? null : key.substring(hash + 1);
        if (arn.length() > MAX_SECRET_ID_LENGTH || !ARN.matcher(arn).matches()) {
            throw new InvalidSecretKeyException(
                    "Invalid key '" + shorten(key)
                            + "': an ARN key must be a full secret ARN such as"
                            + " arn:aws:secretsmanager:us-east-1:123456789012:secret:name-AbCdEf, optionally followed by #field");
        }
        if (field != null && !FIELD.matcher(field).matches()) {
            throw new InvalidSecretKeyException("Invalid key '" + shorten(key)
                    + "': the field after '#' must be 1 to 128 letters, digits, '.', '_' or '-'");
        }
        return new AwsSecretId(key, arn, arn, field);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /**
     * A resolved key.
     *
     * @param key the key as the caller wrote it
     * @param awsId the {@code SecretId} sent to AWS: the full name or the ARN
     * @param path the key without its field (the ARN for ARN keys)
     * @param field the field after {@code #}, or null
     */
    public record AwsSecretId(String key, String awsId, String path, String field) {
        /**
         * @return true when the key was a full ARN
         */
        public boolean isArn() {
            return awsId.startsWith("arn:");
        }
    }
}
