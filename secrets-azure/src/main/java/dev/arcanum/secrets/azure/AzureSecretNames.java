package dev.arcanum.secrets.azure;

import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretScope;
import java.util.Locale;
import java.util.Optional;

/**
 * The reversible mapping between Arcanum keys and Key Vault secret names.
 *
 * <p>Key Vault names allow only ASCII letters, digits and {@code -}, 1 to 127 characters. Arcanum
 * keys also use {@code /}, {@code _} and {@code .}, so every character that is not a letter or a
 * digit — {@code -} included — is written as {@code -hh-}, its two lower-case hex digits between
 * dashes (percent-encoding with {@code -} in place of {@code %}):
 *
 * <table>
 *   <caption>Escapes</caption>
 *   <tr><th>key character</th><th>in the vault name</th></tr>
 *   <tr><td>{@code -}</td><td>{@code -2d-}</td></tr>
 *   <tr><td>{@code .}</td><td>{@code -2e-}</td></tr>
 *   <tr><td>{@code /}</td><td>{@code -2f-}</td></tr>
 *   <tr><td>{@code _}</td><td>{@code -5f-}</td></tr>
 * </table>
 *
 * <p>So {@code prod/db-password} is stored as {@code prod-2f-db-2d-password}, and {@code a/b},
 * {@code a-b}, {@code a_b} and {@code a.b} stay four different names. A {@code -} in a vault name
 * always starts a four-character escape, which is what makes the rule reversible.
 *
 * <p>A scope other than {@link SecretScope#DEFAULT} becomes a prefix: the scope's name, escaped the
 * same way, followed by {@code -3a-} (an escaped {@code :}, a character no key can hold). {@code
 * prod/db} in scope {@code database} is {@code database-3a-prod-2f-db}. Keys of the default scope
 * have no prefix, and never contain {@code -3a-}, so scopes cannot collide.
 *
 * <p>Key Vault compares names case-insensitively: keys that differ only in letter case name the
 * same secret. Names that do not follow this rule (created by other tools, such as {@code
 * my-secret}) are not addressable by key and are left out of {@code list}.
 *
 * <p>Stateless and thread-safe.
 */
public final class AzureSecretNames {
    /** Longest name Key Vault accepts. */
    public static final int MAX_NAME_LENGTH = 127;

    private static final String SCOPE_SEPARATOR = "-3a-";

    private AzureSecretNames() {}

    /**
     * Maps a key (without {@code #field}) and a scope to a vault name.
     *
     * @param key the key; its {@code #field}, if any, is ignored
     * @param scope the scope
     * @return the vault name
     * @throws InvalidSecretKeyException if the key is malformed or the name would be longer than 127
     *     characters
     */
    public static String toVaultName(String key, SecretScope scope) {
        SecretKey parsed = SecretKey.parse(key);
        String name = prefix(scope) + escape(parsed.path());
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidSecretKeyException("Invalid key '" + shorten(parsed.path()) + "': its Key Vault name '"
                    + shorten(name) + "' would be " + name.length() + " characters long, more than the "
                    + MAX_NAME_LENGTH + " Key Vault allows (each '-', '.', '/' and '_' takes 4 characters)");
        }
        return name;
    }

    /**
     * The vault-name prefix of a scope: empty for the default scope.
     *
     * @param scope the scope
     * @return the prefix
     */
    public static String prefix(SecretScope scope) {
        return scope.isDefault() ? "" : escape(scope.name()) + SCOPE_SEPARATOR;
    }

    /**
     * Maps a vault name back to a key, if it belongs to the scope.
     *
     * @param vaultName a name as Key Vault lists it
     * @param scope the scope being listed
     * @return the key, or empty if the name is in another scope or does not follow the rule
     */
    public static Optional<String> toKey(String vaultName, SecretScope scope) {
        String p = prefix(scope);
        if (!vaultName.regionMatches(true, 0, p, 0, p.length())) {
            return Optional.empty();
        }
        String rest = vaultName.substring(p.length());
        String key = unescape(rest);
        if (key == null) {
            return Optional.empty();
        }
        try {
            SecretKey.parse(key);
        } catch (InvalidSecretKeyException e) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isAlnum(c)) {
                sb.append(c);
            } else {
                sb.append('-')
                        .append(String.format(Locale.ROOT, "%02x", (int) c))
                        .append('-');
            }
        }
        return sb.toString();
    }

    /** Returns null when the text is not a well-formed escape of key characters (':' included). */
    private static String unescape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (isAlnum(c)) {
                sb.append(c);
                i++;
                continue;
            }
            if (c != '-' || i + 3 >= text.length() || text.charAt(i + 3) != '-') {
                return null;
            }
            int code;
            try {
                code = Integer.parseInt(text.substring(i + 1, i + 3), 16);
            } catch (NumberFormatException e) {
                return null;
            }
            char decoded = (char) code;
            if (decoded != '-' && decoded != '.' && decoded != '/' && decoded != '_') {
                // ':' (a scope separator) or anything else: not a key of this scope.
                return null;
            }
            sb.append(decoded);
            i += 4;
        }
        return sb.toString();
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
