package dev.arcanum.secrets;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed key: {@code name} or {@code path/to/name}, optionally followed by {@code #field} to pick
 * one field of a structured value (a Vault KV entry's map, a JSON secret string).
 *
 * <p>Grammar: one or more segments separated by {@code /}; a segment is 1 to 128 characters out of
 * letters, digits, {@code .}, {@code _} and {@code -}, and is neither {@code .} nor {@code ..}; the
 * whole path is at most 512 characters. A field, when present, follows a single {@code #} and uses
 * the same characters. Keys are case-sensitive. Backends with stricter naming rules check them too,
 * still before any network call.
 *
 * <p>Immutable and thread-safe; equal by its text.
 */
public final class SecretKey {
    /** Longest accepted path, before any backend-specific limit. */
    public static final int MAX_PATH_LENGTH = 512;

    private static final int MAX_SEGMENT_LENGTH = 128;

    private final String path;
    private final String field;

    private SecretKey(String path, String field) {
        this.path = path;
        this.field = field;
    }

    /**
     * Parses and validates a key.
     *
     * @param key the key text, for example {@code prod/db#password}
     * @return the parsed key; never null
     * @throws InvalidSecretKeyException if the key is null or does not follow the grammar; the
     *     message says which rule it broke
     */
    public static SecretKey parse(String key) {
        if (key == null) {
            throw new InvalidSecretKeyException(
                    "Invalid key: null (a key is 'name' or 'path/to/name', optionally '#field')");
        }
        int hash = key.indexOf('#');
        String path = hash < 0 ? key : key.substring(0, hash);
        String field = hash < 0 ? null : key.substring(hash + 1);
        checkPath(key, path);
        if (field != null) {
            if (field.isEmpty() || field.indexOf('#') >= 0 || !validChars(field)) {
                throw invalid(key, "the field after '#' must be 1 to 128 letters, digits, '.', '_' or '-'");
            }
            if (field.length() > MAX_SEGMENT_LENGTH) {
                throw invalid(key, "the field after '#' is longer than " + MAX_SEGMENT_LENGTH + " characters");
            }
        }
        return new SecretKey(path, field);
    }

    /**
     * Validates a key and returns it unchanged; a convenience for providers.
     *
     * @param key the key text
     * @return {@code key}
     * @throws InvalidSecretKeyException if the key is malformed
     */
    public static String requireValid(String key) {
        parse(key);
        return key;
    }

    private static void checkPath(String key, String path) {
        if (path.isEmpty()) {
            throw invalid(key, "the name is empty");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw invalid(key, "the path is longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (path.startsWith("/") || path.endsWith("/")) {
            throw invalid(key, "it must not start or end with '/'");
        }
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            if (segment.isEmpty()) {
                throw invalid(key, "it has an empty path segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(key, "'.' and '..' are not allowed as path segments");
            }
            if (segment.length() > MAX_SEGMENT_LENGTH) {
                throw invalid(key, "a path segment is longer than " + MAX_SEGMENT_LENGTH + " characters");
            }
            if (!validChars(segment)) {
                throw invalid(key, "use only letters, digits, '.', '_' and '-' in each segment, '/' between segments");
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
    }

    private static boolean validChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static InvalidSecretKeyException invalid(String key, String rule) {
        // Keys are names, not values, so the key itself may be shown; cap it so a pasted blob stays short.
        String shown = key.length() > 80 ? key.substring(0, 80) + "…" : key;
        return new InvalidSecretKeyException("Invalid key '" + shown + "': " + rule);
    }

    /**
     * @return the path without the field, for example {@code prod/db}
     */
    public String path() {
        return path;
    }

    /**
     * @return the field after {@code #}, if any
     */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /**
     * @return the field after {@code #}, or null
     */
    public String fieldOrNull() {
        return field;
    }

    /**
     * @return the path's segments, for example {@code [prod, db]}
     */
    public List<String> segments() {
        return List.of(path.split("/"));
    }

    /**
     * @return the last segment of the path, for example {@code db}
     */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /**
     * @return the path before the last segment, or the empty string for a top-level key
     */
    public String parent() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /**
     * @return a key with the same path and no field
     */
    public SecretKey withoutField() {
        return field == null ? this : new SecretKey(path, null);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SecretKey)) {
            return false;
        }
        SecretKey other = (SecretKey) o;
        return path.equals(other.path) && Objects.equals(field, other.field);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + Objects.hashCode(field);
    }

    /**
     * @return the key text, {@code path} or {@code path#field}
     */
    @Override
    public String toString() {
        return field == null ? path : path + "#" + field;
    }
}
