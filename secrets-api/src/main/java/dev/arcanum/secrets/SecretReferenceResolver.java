package dev.arcanum.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secret references in configuration values with the secrets' values:
 *
 * <ul>
 *   <li>{@code ${secret:name}} — a placeholder, for example {@code jdbc:…?password=${secret:prod/db#password}};
 *   <li>{@code kv://path/to/name} — a reference, anywhere in a string or in a JSON document's string
 *       values ({@link KvReference} gives the grammar).
 * </ul>
 *
 * <p>A reference that cannot be resolved is an {@link SecretNotFoundException} naming the
 * reference — never a silent blank. The values produced are, of course, secret: callers must not log
 * them.
 *
 * <p>Thread-safe if the provider is (every provider is).
 */
public final class SecretReferenceResolver {
    /** Either form in one pattern, so one left-to-right pass never re-reads a value it put in. */
    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\{secret:([^}]*)}|" + KvReference.pattern().pattern());

    private final SecretProvider provider;
    private final SecretScope scope;

    /**
     * @param provider where references are read
     * @param scope the scope they are read from
     */
    public SecretReferenceResolver(SecretProvider provider, SecretScope scope) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /**
     * @param provider where references are read, in {@link SecretScope#DEFAULT}
     */
    public SecretReferenceResolver(SecretProvider provider) {
        this(provider, SecretScope.DEFAULT);
    }

    /**
     * @param text any text; null gives null
     * @return true if it holds a placeholder or a reference
     */
    public static boolean containsReference(String text) {
        return text != null && (text.contains("${secret:") || text.contains(KvReference.SCHEME));
    }

    /**
     * Resolves every placeholder and reference in a string.
     *
     * @param text the text; null gives null
     * @return the text with values in place of references
     * @throws SecretNotFoundException naming the first reference that does not resolve
     * @throws InvalidSecretKeyException naming a placeholder whose key is malformed
     */
    public String resolve(String text) {
        if (!containsReference(text)) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean placeholder = m.group(1) != null;
            String key = (placeholder ? m.group(1) : m.group(2)).trim();
            String shown = placeholder ? "${secret:" + key + "}" : KvReference.SCHEME + key;
            m.appendReplacement(out, Matcher.quoteReplacement(valueOf(key, shown)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Resolves every string value of a JSON document, any depth. The document is not changed.
     *
     * @param document the document
     * @return a copy with values in place of references
     */
    public JsonNode resolve(JsonNode document) {
        JsonNode copy = document.deepCopy();
        resolveInPlace(copy);
        return copy;
    }

    /**
     * Resolves the values of a map, as for configuration properties.
     *
     * @param values name to raw value
     * @return name to resolved value, same iteration order
     */
    public Map<String, String> resolveAll(Map<String, String> values) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, resolve(v)));
        return out;
    }

    private void resolveInPlace(JsonNode node) {
        if (node instanceof ObjectNode) {
            ObjectNode obj = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = obj.get(name);
                if (child.isTextual()) {
                    obj.set(name, TextNode.valueOf(resolve(child.asText())));
                } else {
                    resolveInPlace(child);
                }
            }
        } else if (node instanceof ArrayNode) {
            ArrayNode arr = (ArrayNode) node;
            Iterator<JsonNode> it = arr.elements();
            int i = 0;
            while (it.hasNext()) {
                JsonNode child = it.next();
                if (child.isTextual()) {
                    arr.set(i, TextNode.valueOf(resolve(child.asText())));
                } else {
                    resolveInPlace(child);
                }
                i++;
            }
        }
    }

    private String valueOf(String key, String shown) {
        if (key.isEmpty()) {
            throw new InvalidSecretKeyException("Secret reference '" + shown + "' names no key");
        }
        try {
            SecretKey.parse(key);
            return provider.get(key, scope).value();
        } catch (InvalidSecretKeyException e) {
            throw new InvalidSecretKeyException("Secret reference '" + shown + "' is malformed: " + e.getMessage(), e);
        } catch (SecretNotFoundException e) {
            throw new SecretNotFoundException(
                    "Secret reference '" + shown + "' cannot be resolved in provider '" + provider.name() + "' (scope "
                            + scope + "): " + e.getMessage(),
                    e);
        }
    }
}
