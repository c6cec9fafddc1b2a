package dev.arcanum.secrets.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code #field} selection, the same for every backend.
 *
 * <ul>
 *   <li>A text value with {@code #field}: the value must be a JSON object; the field's value is
 *       returned (strings as they are, other JSON as its text).
 *   <li>A map-shaped entry (a Vault KV entry): with {@code #field} that field; without one, a
 *       single-field entry yields its field and a multi-field entry fails naming its fields.
 * </ul>
 *
 * <p>A missing field is a {@link SecretNotFoundException} naming the field and the fields that do
 * exist — never a value. Stateless and thread-safe.
 */
public final class SecretFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretFields() {}

    /**
     * Picks the requested field out of a whole text value.
     *
     * @param whole the secret as stored, read under {@code key.withoutField()}
     * @param key the key as requested; without a field, {@code whole} is returned re-keyed
     * @return the secret holding the field's value, keyed by {@code key.toString()}
     * @throws SecretNotFoundException if the value is not a JSON object or has no such field
     */
    public static Secret select(Secret whole, SecretKey key) {
        String field = key.fieldOrNull();
        if (field == null) {
            return whole.key().equals(key.toString()) ? whole : whole.withKeyAndValue(key.toString(), whole.value());
        }
        JsonNode node;
        try {
            node = JSON.readTree(whole.value());
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new SecretNotFoundException("Secret '" + key.path() + "' has no field '" + field
                    + "': its value is not a JSON object, so '#field' cannot be used on it");
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            TreeSet<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            throw new SecretNotFoundException(
                    "Secret '" + key.path() + "' has no field '" + field + "'; its fields are " + names);
        }
        return whole.withKeyAndValue(key.toString(), value.isTextual() ? value.asText() : value.toString());
    }

    /**
     * Picks a field out of a map-shaped entry.
     *
     * @param requestedKey the key text as the caller wrote it
     * @param fields the entry's fields; values are strings or JSON-like objects
     * @param metadata the entry's metadata (version etc.)
     * @param key the parsed key
     * @return the secret holding the field's value
     * @throws SecretNotFoundException if the field is missing, or no field was asked for and the
     *     entry has several (the message lists them) or none
     */
    public static Secret selectFromMap(
            String requestedKey, Map<String, ?> fields, SecretMetadata metadata, SecretKey key) {
        String field = key.fieldOrNull();
        if (field == null) {
            if (fields.size() == 1) {
                return Secret.of(requestedKey, text(fields.values().iterator().next()), metadata);
            }
            if (fields.isEmpty()) {
                throw new SecretNotFoundException("Secret '" + key.path() + "' has no fields");
            }
            throw new SecretNotFoundException("Secret '" + key.path() + "' has several fields "
                    + new TreeSet<>(fields.keySet()) + "; ask for one with '" + key.path() + "#<field>'");
        }
        Object value = fields.get(field);
        if (value == null) {
            throw new SecretNotFoundException("Secret '" + key.path() + "' has no field '" + field
                    + "'; its fields are " + new TreeSet<>(fields.keySet()));
        }
        return Secret.of(requestedKey, text(value), metadata);
    }

    private static String text(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
