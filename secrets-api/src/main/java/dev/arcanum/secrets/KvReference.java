package dev.arcanum.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kv://} references and the {@code KV_*} environment convention.
 *
 * <p>A reference is {@code kv://} followed by a key ({@link SecretKey} grammar, optionally with
 * {@code #field}): {@code kv://secrets/client-secret}, {@code kv://prod/db#password}.
 *
 * <p><b>Environment convention</b> — {@code KV_<SEGMENTS>} names the reference {@code
 * kv://<segments>}:
 *
 * <ol>
 *   <li>the text after {@code KV_} is lower-cased;
 *   <li>its first {@code _} separates the first path segment from the rest;
 *   <li>in the rest, {@code __} separates further path segments and a single {@code _} stands for
 *       {@code -}.
 * </ol>
 *
 * <p>So {@code KV_SECRETS_CLIENT_SECRET} is {@code kv://secrets/client-secret} and {@code
 * KV_PROD_DB__PASSWORD} is {@code kv://prod/db/password}. The rule is reversible for keys whose
 * segments are lower-case letters and digits joined by single {@code -} (and whose first segment has
 * no {@code -}); {@link #environmentNameForKey} rejects keys outside that set rather than produce a
 * name that would read back differently.
 *
 * <p>Stateless and thread-safe.
 */
public final class KvReference {
    /** The scheme prefix of a reference. */
    public static final String SCHEME = "kv://";
    /** The prefix of variables that name references. */
    public static final String ENV_PREFIX = "KV_";

    private static final Pattern IN_TEXT =
            Pattern.compile("kv://([A-Za-z0-9._\\-]+(?:/[A-Za-z0-9._\\-]+)*(?:#[A-Za-z0-9._\\-]+)?)");
    private static final Pattern ENV_NAME = Pattern.compile("KV_[A-Z0-9]+(?:_{1,2}[A-Z0-9]+)+");
    private static final Pattern CONVERTIBLE_SEGMENT = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    private KvReference() {}

    /**
     * @param envName a variable name such as {@code KV_SECRETS_CLIENT_SECRET}
     * @return the key it names ({@code secrets/client-secret}), or empty if it is not a {@code KV_}
     *     name of the convention's shape
     */
    public static Optional<String> keyFromEnvironmentName(String envName) {
        if (envName == null || !ENV_NAME.matcher(envName).matches()) {
            return Optional.empty();
        }
        String rest = envName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        int first = rest.indexOf('_');
        String head = rest.substring(0, first);
        String tail = rest.substring(first + 1);
        if (tail.startsWith("_")) {
            return Optional.empty();
        }
        StringBuilder key = new StringBuilder(head);
        for (String segment : tail.split("__", -1)) {
            if (segment.isEmpty() || segment.startsWith("_") || segment.endsWith("_")) {
                return Optional.empty();
            }
            key.append('/').append(segment.replace('_', '-'));
        }
        return Optional.of(key.toString());
    }

    /**
     * The inverse of {@link #keyFromEnvironmentName}.
     *
     * @param key a key of at least two segments of lower-case letters, digits and single {@code -},
     *     the first without {@code -}
     * @return the variable name, for example {@code KV_SECRETS_CLIENT_SECRET}
     * @throws InvalidSecretKeyException if the key is outside the reversible set
     */
    public static String environmentNameForKey(String key) {
        SecretKey parsed = SecretKey.parse(key);
        List<String> segments = parsed.segments();
        boolean ok = parsed.fieldOrNull() == null
                && segments.size() >= 2
                && !segments.get(0).contains("-");
        for (String s : segments) {
            ok &= CONVERTIBLE_SEGMENT.matcher(s).matches();
        }
        if (!ok) {
            throw new InvalidSecretKeyException("Key '" + key + "' has no KV_ variable name: the convention needs"
                    + " at least two segments of lower-case letters, digits and single '-', the first without '-'");
        }
        StringBuilder sb = new StringBuilder(ENV_PREFIX).append(segments.get(0).toUpperCase(Locale.ROOT));
        for (int i = 1; i < segments.size(); i++) {
            sb.append(i == 1 ? "_" : "__")
                    .append(segments.get(i).toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return sb.toString();
    }

    /**
     * @param text a text that may be exactly one reference
     * @return the key if {@code text} is {@code kv://<key>} and nothing else
     */
    public static Optional<String> keyFromReference(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = IN_TEXT.matcher(text.trim());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * @param key a key
     * @return {@code kv://<key>}
     */
    public static String reference(String key) {
        return SCHEME + SecretKey.requireValid(key);
    }

    /**
     * @param text any text
     * @return the keys of every {@code kv://} reference in it, in order of appearance, without
     *     duplicates
     */
    public static Set<String> findReferences(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text != null) {
            Matcher m = IN_TEXT.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /**
     * Walks a JSON document (objects and arrays, any depth) for references in string values.
     *
     * @param document the document
     * @return the keys referenced, in document order, without duplicates
     */
    public static Set<String> findReferences(JsonNode document) {
        Set<String> out = new LinkedHashSet<>();
        List<JsonNode> stack = new ArrayList<>();
        if (document != null) {
            stack.add(document);
        }
        while (!stack.isEmpty()) {
            JsonNode node = stack.remove(stack.size() - 1);
            if (node.isTextual()) {
                out.addAll(findReferences(node.asText()));
            } else if (node.isContainerNode()) {
                List<JsonNode> children = new ArrayList<>();
                node.elements().forEachRemaining(children::add);
                for (int i = children.size() - 1; i >= 0; i--) {
                    stack.add(children.get(i));
                }
            }
        }
        return out;
    }

    static Pattern pattern() {
        return IN_TEXT;
    }
}
