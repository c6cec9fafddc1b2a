package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretConfigurationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one {@code .env} parser of the library: the {@code dotenv} provider and the {@code secrets}
 * command's {@code import}, {@code push} and {@code onboard} all read files through it. It parses
 * {@code .env} text the way the common tools do (motdotla/dotenv, python-dotenv, Docker Compose),
 * where they agree:
 *
 * <ul>
 *   <li>{@code NAME=value}; spaces around {@code =} are allowed; an optional {@code export } prefix
 *       is ignored; blank lines and lines starting with {@code #} are comments. A name uses
 *       letters, digits, {@code _}, {@code .} and {@code -}.
 *   <li>Unquoted values are trimmed and end at a {@code #} that follows whitespace ({@code
 *       a#b} keeps its {@code #}, {@code a #b} is {@code a}). They end at the end of the line.
 *   <li>Single-quoted values are literal: no escapes, no expansion.
 *   <li>Double-quoted values process {@code \n}, {@code \r}, {@code \t}, {@code \"}, {@code \\}
 *       and {@code \$}; any other backslash is kept as written.
 *   <li>Quoted values may span lines. After the closing quote only whitespace and a comment may
 *       follow.
 *   <li>{@code $VAR} and {@code ${VAR}} are not expanded (values are secrets, taken literally).
 *   <li>A name that appears twice takes its last value, at the place of its last assignment.
 * </ul>
 *
 * <p>Errors are {@link DotenvSyntaxException}s naming the source, the line number and the rule
 * broken, never text from the file, since any of it may be a secret (a line of an unquoted
 * multi-line PEM value, for example, looks like a name without {@code =}). Written here rather
 * than taken from dotenv-java 3.2.0, which rejects {@code export}, keeps single quotes in the
 * value, does not process escapes, cannot continue a single-quoted value over lines, silently drops
 * an unterminated quote at the end of the file, and echoes the whole offending line (value
 * included) in its exception message.
 *
 * <p>Stateless and thread-safe.
 */
public final class DotenvParser {
    private DotenvParser() {}

    /**
     * One assignment of a {@code .env} file.
     *
     * @param name the variable name, as written
     * @param value the value, unquoted and unescaped; never null, possibly empty
     * @param line the 1-based line where the assignment starts
     */
    public record Entry(String name, String value, int line) {
        /** Checks for nulls. */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        /** Name and line only: the value is a secret. */
        @Override
        public String toString() {
            return "Entry{" + name + ", line " + line + "}";
        }
    }

    /**
     * A malformed {@code .env} file. The message is {@code <source> line <n>: <rule>} and never holds
     * text from the file.
     */
    public static final class DotenvSyntaxException extends SecretConfigurationException {
        private static final long serialVersionUID = 1L;
        private final String sourceName;
        private final int line;
        private final String rule;

        DotenvSyntaxException(String sourceName, int line, String rule) {
            super(sourceName + " line " + line + ": " + rule);
            this.sourceName = sourceName;
            this.line = line;
            this.rule = rule;
        }

        /**
         * @return the source name given to {@link #parse}
         */
        public String sourceName() {
            return sourceName;
        }

        /**
         * @return the 1-based line of the first error
         */
        public int line() {
            return line;
        }

        /**
         * @return the rule broken, without source or line (for example {@code "the double-quoted value
         *     is never closed"})
         */
        public String rule() {
            return rule;
        }
    }

    /** Thrown inside the parser, where the source name is not known; never escapes. */
    private static final class LineError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int line;

        LineError(int line, String rule) {
            super(rule, null, false, false);
            this.line = line;
        }
    }

    /**
     * Parses {@code .env} text.
     *
     * @param text the file content; a leading byte-order mark is ignored
     * @param sourceName what the text is (a file name), used only in error messages
     * @return the entries in file order, one per name (a repeated name keeps its last value and
     *     place); unmodifiable
     * @throws DotenvSyntaxException at the first malformed line
     * @throws NullPointerException if an argument is null
     */
    public static List<Entry> parse(String text, String sourceName) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        Map<String, Entry> byName = new LinkedHashMap<>();
        try {
            for (Entry e : entries(text)) {
                byName.remove(e.name());
                byName.put(e.name(), e);
            }
        } catch (LineError e) {
            throw new DotenvSyntaxException(sourceName, e.line, e.getMessage());
        }
        return List.copyOf(byName.values());
    }

    private static List<Entry> entries(String text) {
        List<Entry> out = new ArrayList<>();
        Cursor c = new Cursor(text);
        while (!c.atEnd()) {
            c.skipInlineSpace();
            if (c.atEnd()) {
                break;
            }
            if (c.peek() == '\n' || c.peek() == '\r') {
                c.newline();
                continue;
            }
            if (c.peek() == '#') {
                c.skipToEndOfLine();
                continue;
            }
            int line = c.line;
            String name = c.name();
            if (name.equals("export") && c.isInlineSpace()) {
                c.skipInlineSpace();
                name = c.name();
            }
            if (name.isEmpty()) {
                throw new LineError(line, "expected NAME=value (a name uses letters, digits, '_', '.' and '-')");
            }
            c.skipInlineSpace();
            if (c.atEnd() || c.peek() != '=') {
                // Not the name: when an unquoted value ran on over lines, this "name" is the value's text.
                throw new LineError(line, "expected '=' after the name");
            }
            c.advance();
            c.skipInlineSpace();
            String value;
            if (!c.atEnd() && c.peek() == '\'') {
                value = c.singleQuoted(line);
                c.endOfValueLine(line);
            } else if (!c.atEnd() && c.peek() == '"') {
                value = c.doubleQuoted(line);
                c.endOfValueLine(line);
            } else {
                value = c.unquoted();
            }
            out.add(new Entry(name, value, line));
        }
        return out;
    }

    private static final class Cursor {
        private final String s;
        private int i;
        private int line = 1;

        Cursor(String s) {
            // A byte-order mark some editors write would otherwise become part of the first name.
            this.s = s.startsWith("\uFEFF") ? s.substring(1) : s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        char peek() {
            return s.charAt(i);
        }

        void advance() {
            if (s.charAt(i) == '\n') {
                line++;
            }
            i++;
        }

        boolean isInlineSpace() {
            return !atEnd() && (peek() == ' ' || peek() == '\t');
        }

        void skipInlineSpace() {
            while (isInlineSpace()) {
                i++;
            }
        }

        void newline() {
            if (peek() == '\r') {
                i++;
                if (!atEnd() && peek() == '\n') {
                    advance();
                } else {
                    line++;
                }
            } else {
                advance();
            }
        }

        void skipToEndOfLine() {
            while (!atEnd() && peek() != '\n' && peek() != '\r') {
                i++;
            }
            if (!atEnd()) {
                newline();
            }
        }

        String name() {
            int start = i;
            while (!atEnd()) {
                char ch = peek();
                if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '.' || ch == '-') {
                    i++;
                } else {
                    break;
                }
            }
            return s.substring(start, i);
        }

        String singleQuoted(int startLine) {
            i++; // opening quote
            int start = i;
            while (!atEnd() && peek() != '\'') {
                advance();
            }
            if (atEnd()) {
                throw new LineError(startLine, "the single-quoted value is never closed");
            }
            String v = s.substring(start, i);
            i++; // closing quote
            return normaliseNewlines(v);
        }

        String doubleQuoted(int startLine) {
            i++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (!atEnd() && peek() != '"') {
                char ch = peek();
                if (ch == '\\' && i + 1 < s.length()) {
                    char next = s.charAt(i + 1);
                    switch (next) {
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case '"', '\\', '$' -> sb.append(next);
                        default -> sb.append(ch).append(next);
                    }
                    advance();
                    advance();
                } else if (ch == '\r') {
                    // CRLF inside a multi-line value becomes LF, as the tools read files in text mode.
                    i++;
                    if (atEnd() || peek() != '\n') {
                        sb.append('\n');
                        line++;
                    }
                } else {
                    sb.append(ch);
                    advance();
                }
            }
            if (atEnd()) {
                throw new LineError(startLine, "the double-quoted value is never closed");
            }
            i++; // closing quote
            return sb.toString();
        }

        void endOfValueLine(int startLine) {
            skipInlineSpace();
            if (atEnd()) {
                return;
            }
            if (peek() == '#') {
                skipToEndOfLine();
            } else if (peek() == '\n' || peek() == '\r') {
                newline();
            } else {
                throw new LineError(startLine, "unexpected text after the closing quote (quote the whole value)");
            }
        }

        String unquoted() {
            int start = i;
            int end = -1;
            while (!atEnd() && peek() != '\n' && peek() != '\r') {
                if (peek() == '#' && (i == start || s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
                    end = i;
                    skipToEndOfLine();
                    return s.substring(start, end).strip();
                }
                i++;
            }
            String v = s.substring(start, i).strip();
            if (!atEnd()) {
                newline();
            }
            return v;
        }

        private static String normaliseNewlines(String v) {
            return v.indexOf('\r') < 0 ? v : v.replace("\r\n", "\n").replace('\r', '\n');
        }
    }
}
