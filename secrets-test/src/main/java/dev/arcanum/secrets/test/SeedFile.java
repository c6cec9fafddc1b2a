package dev.arcanum.secrets.test;

import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.SecretKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The small {@code .env} reader behind {@link SecretsTest#seedFile()}. It is deliberately tiny (the
 * full reader is the {@code dotenv} provider of {@code secrets-local}, which this module cannot
 * depend on): one {@code KEY=VALUE} per line; blank lines and lines starting with {@code #} are
 * skipped; an {@code export } prefix is dropped; a value in double quotes understands {@code \n},
 * {@code \t}, {@code \"} and {@code \\}; a value in single quotes is taken literally; a quoted
 * value may be followed by a {@code #} comment; an unquoted value is trimmed and ends at {@code " #"}
 * (a comment). No multi-line values, no variable expansion. Keys are secret keys as written ({@code
 * db/password} is fine).
 */
final class SeedFile {
    private static final String CLASSPATH = "classpath:";

    private SeedFile() {}

    static Map<String, String> load(String location) {
        String text;
        if (location.startsWith(CLASSPATH)) {
            String resource = location.substring(CLASSPATH.length());
            resource = resource.startsWith("/") ? resource.substring(1) : resource;
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null) {
                cl = SeedFile.class.getClassLoader();
            }
            try (InputStream in = cl.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ExtensionConfigurationException(
                            "@SecretsTest seedFile '" + location + "' is not on the test class path");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read @SecretsTest seedFile '" + location + "'", e);
            }
        } else {
            try {
                text = Files.readString(Path.of(location), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new ExtensionConfigurationException("@SecretsTest seedFile '" + location
                        + "' does not exist (relative to " + Path.of("").toAbsolutePath() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read @SecretsTest seedFile '" + location + "'", e);
            }
        }
        return parse(text, location);
    }

    static Map<String, String> parse(String text, String source) {
        Map<String, String> entries = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            // Only the line number: the line itself may hold a value.
            String where = source + " line " + (i + 1);
            if (eq <= 0) {
                throw new ExtensionConfigurationException(where + ": expected KEY=VALUE");
            }
            String key = line.substring(0, eq).strip();
            try {
                SecretKey parsed = SecretKey.parse(key);
                if (parsed.fieldOrNull() != null) {
                    throw new ExtensionConfigurationException(where + ": a seeded key has no '#field'");
                }
            } catch (InvalidSecretKeyException e) {
                throw new ExtensionConfigurationException(where + ": " + e.getMessage(), e);
            }
            entries.put(key, value(line.substring(eq + 1).strip(), where));
        }
        return entries;
    }

    private static String value(String raw, String where) {
        if (raw.startsWith("\"") || raw.startsWith("'")) {
            char quote = raw.charAt(0);
            int close = closingQuote(raw, quote);
            String kind = quote == '"' ? "double-quoted" : "single-quoted";
            if (close < 0) {
                throw new ExtensionConfigurationException(where + ": unterminated " + kind + " value");
            }
            String rest = raw.substring(close + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw new ExtensionConfigurationException(
                        where + ": only a '#' comment may follow a " + kind + " value");
            }
            String inner = raw.substring(1, close);
            return quote == '"' ? unescape(inner, where) : inner;
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    /** The index of the quote closing the value, skipping {@code \"} inside double quotes; -1 if none. */
    private static int closingQuote(String raw, char quote) {
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s, String where) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 == s.length()) {
                throw new ExtensionConfigurationException(where + ": a value ends with a lone '\\'");
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n':
                    out.append('\n');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case '"':
                case '\\':
                    out.append(n);
                    break;
                default:
                    out.append('\\').append(n);
            }
        }
        return out.toString();
    }
}
