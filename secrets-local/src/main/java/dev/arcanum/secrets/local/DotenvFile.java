package dev.arcanum.secrets.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the content of a {@code .env} or YAML file into scope to key to value.
 *
 * <p><b>.env</b>: a variable name is the key; {@code __} (two underscores) separates path
 * segments, so {@code PROD__DB__PASSWORD} is {@code PROD/DB/PASSWORD}. A name {@code
 * SCOPE_<SCOPE>__<NAME>} puts {@code <NAME>} into the scope {@code <SCOPE>} lower-cased with
 * {@code _} read as {@code -}: {@code SCOPE_THIRD_PARTY_API__STRIPE_KEY} is {@code STRIPE_KEY} in
 * scope {@code third-party-api}. Everything else is in the default scope.
 *
 * <p><b>YAML</b>: nested maps flatten to {@code path/to/key}; a key may also be written flat
 * ({@code "prod/db": x}). A top-level {@code scopes:} map holds one map per scope; everything else
 * is in the default scope. Scalars are taken as written in the file ({@code 0123} stays {@code
 * 0123}); {@code null} or an empty value is the empty string; a list is an error.
 *
 * <p>Names that are not valid keys are skipped with a warning naming them. Stateless.
 */
final class DotenvFile {
    private static final Logger LOG = LoggerFactory.getLogger(DotenvFile.class);
    private static final Pattern SCOPED = Pattern.compile("SCOPE_([A-Za-z0-9_]+?)__(.+)");
    private static final YAMLFactory YAML = new YAMLFactory();

    private DotenvFile() {}

    static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /**
     * @param file the file, for messages and to choose the format
     * @param content its bytes
     * @return scope to key to value; keys sorted
     * @throws SecretConfigurationException naming the file and the line, never a value
     */
    static Map<SecretScope, Map<String, String>> parse(Path file, byte[] content) {
        Map<SecretScope, Map<String, String>> out = new LinkedHashMap<>();
        if (isYaml(file)) {
            parseYaml(file, content, out);
        } else {
            java.util.List<DotenvParser.Entry> variables;
            try {
                variables = DotenvParser.parse(new String(content, StandardCharsets.UTF_8), file.toString());
            } catch (DotenvParser.DotenvSyntaxException e) {
                throw new SecretConfigurationException(
                        "Cannot read dotenv file " + file + ": line " + e.line() + ": " + e.rule());
            }
            variables.forEach(entry -> {
                String name = entry.name();
                String value = entry.value();
                Matcher m = SCOPED.matcher(name);
                if (m.matches()) {
                    String scope = m.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
                    add(file, out, scope, m.group(2).replace("__", "/"), value, name);
                } else {
                    add(file, out, SecretScope.DEFAULT.name(), name.replace("__", "/"), value, name);
                }
            });
        }
        return out;
    }

    private static void add(
            Path file, Map<SecretScope, Map<String, String>> out, String scope, String key, String value, String from) {
        SecretScope s;
        try {
            s = SecretScope.of(scope);
            SecretKey.parse(key);
        } catch (InvalidSecretKeyException e) {
            LOG.warn("Skipping '{}' in {}: {}", from, file, e.getMessage());
            return;
        }
        out.computeIfAbsent(s, x -> new TreeMap<>()).put(key, value);
    }

    private static void parseYaml(Path file, byte[] content, Map<SecretScope, Map<String, String>> out) {
        try (JsonParser p = YAML.createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return; // an empty file holds no secrets
            }
            if (first != JsonToken.START_OBJECT) {
                throw yamlError(file, p, "the document must be a map of keys to values");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("scopes") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String scope = p.currentName();
                        if (p.nextToken() != JsonToken.START_OBJECT) {
                            throw yamlError(file, p, "'scopes." + scope + "' must be a map of keys to values");
                        }
                        flattenObject(file, p, scope, "", out);
                    }
                } else {
                    flattenValue(file, p, SecretScope.DEFAULT.name(), name, out);
                }
            }
        } catch (IOException e) {
            // Jackson's message may quote the document; give the position only.
            throw new SecretConfigurationException("Cannot read YAML file " + file + ": malformed YAML"
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                            ? " at line " + j.getLocation().getLineNr()
                            : ""));
        }
    }

    /** Reads the fields of the object whose START_OBJECT was just read. */
    private static void flattenObject(
            Path file, JsonParser p, String scope, String prefix, Map<SecretScope, Map<String, String>> out)
            throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            flattenValue(file, p, scope, prefix.isEmpty() ? name : prefix + "/" + name, out);
        }
    }

    private static void flattenValue(
            Path file, JsonParser p, String scope, String path, Map<SecretScope, Map<String, String>> out)
            throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            flattenObject(file, p, scope, path, out);
        } else if (t == JsonToken.START_ARRAY) {
            throw yamlError(file, p, "'" + path + "' is a list; values must be text (quote a list to keep it as text)");
        } else if (t == JsonToken.VALUE_NULL) {
            add(file, out, scope, path, "", path);
        } else {
            // getText() is the scalar as written, so 0123 or 1.10 are not turned into numbers.
            add(file, out, scope, path, p.getText(), path);
        }
    }

    private static SecretConfigurationException yamlError(Path file, JsonParser p, String problem) {
        return new SecretConfigurationException("Cannot read YAML file " + file + " (line "
                + p.currentLocation().getLineNr() + "): " + problem);
    }
}
