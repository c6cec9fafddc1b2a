package dev.arcanum.secrets.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict {@code .env} parser with the rules of the {@code dotenv} provider's parser in
 * secrets-local (which is package-private there): {@code NAME=value} lines, {@code export} prefixes,
 * {@code #} comments (inline only after whitespace), single-quoted literal values, double-quoted
 * values with {@code \n \r \t \" \\ \$} escapes, quoted values spanning lines, no variable
 * expansion, the last of a repeated name wins. Unlike that parser it keeps each entry's line number,
 * so {@code import} can name the line of a name that is not a valid key.
 *
 * <p>Why not dotenv-java: its strict mode reports a malformed line by echoing the line's text —
 * which holds a secret value — and without a line number; it also rejects {@code export} and keeps
 * single quotes in values. Importing secrets needs the line number and never the text.
 */
final class DotenvFile {
    private static final Pattern ASSIGNMENT =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*=\\s*(.*)$", Pattern.DOTALL);

    private DotenvFile() {}

    /**
     * @param name the variable name
     * @param value the value, unquoted and unescaped
     * @param line the 1-based line where the entry starts
     */
    record Entry(String name, String value, int line) {
        @Override
        public String toString() {
            return "Entry{" + name + ", line " + line + "}";
        }
    }

    /** A malformed file; the message names the line and never its text. */
    static final class SyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int line;

        SyntaxException(int line, String problem) {
            super("line " + line + ": " + problem, null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    /**
     * @param text the file's content
     * @return the entries in file order; a name given twice keeps its last value
     * @throws SyntaxException naming the first malformed line
     */
    static Map<String, Entry> parse(String text) {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Entry e : entries(text)) {
            out.remove(e.name());
            out.put(e.name(), e);
        }
        return out;
    }

    static List<Entry> entries(String text) {
        String[] lines = text.split("\\r?\\n", -1);
        List<Entry> out = new ArrayList<>();
        int i = 0;
        if (lines.length > 0 && lines[0].startsWith("\uFEFF")) {
            lines[0] = lines[0].substring(1);
        }
        while (i < lines.length) {
            int lineNo = i + 1;
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                i++;
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                throw new SyntaxException(lineNo, "expected NAME=VALUE (NAME: letters, digits, '_', '.', '-')");
            }
            String name = m.group(1);
            String rest = m.group(2);
            if (rest.isEmpty() || !(rest.charAt(0) == '"' || rest.charAt(0) == '\'')) {
                out.add(new Entry(name, unquoted(rest), lineNo));
                i++;
                continue;
            }
            char quote = rest.charAt(0);
            StringBuilder value = new StringBuilder();
            String current = rest.substring(1);
            int lineIndex = i;
            while (true) {
                int close = closingQuote(current, quote);
                if (close >= 0) {
                    value.append(current, 0, close);
                    String after = current.substring(close + 1).strip();
                    if (!after.isEmpty() && !after.startsWith("#")) {
                        throw new SyntaxException(lineIndex + 1, "unexpected text after the closing quote");
                    }
                    break;
                }
                value.append(current).append('\n');
                lineIndex++;
                if (lineIndex >= lines.length) {
                    throw new SyntaxException(lineNo, "the quoted value of " + name + " is never closed");
                }
                current = lines[lineIndex];
            }
            String v = quote == '"' ? unescape(value.toString(), lineNo) : value.toString();
            out.add(new Entry(name, v, lineNo));
            i = lineIndex + 1;
        }
        return out;
    }

    private static String unquoted(String rest) {
        // An inline comment needs a blank before '#', so values such as pa#ss survive.
        int hash = -1;
        for (int j = 0; j < rest.length(); j++) {
            if (rest.charAt(j) == '#' && (j == 0 || Character.isWhitespace(rest.charAt(j - 1)))) {
                hash = j;
                break;
            }
        }
        return (hash >= 0 ? rest.substring(0, hash) : rest).strip();
    }

    private static int closingQuote(String s, char quote) {
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (quote == '"' && c == '\\') {
                j++;
                continue;
            }
            if (c == quote) {
                return j;
            }
        }
        return -1;
    }

    private static String unescape(String s, int lineNo) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c != '\\' || j + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++j);
            switch (n) {
                case 'n':
                    sb.append('\n');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case '\\':
                case '"':
                case '$':
                    sb.append(n);
                    break;
                default:
                    // Unknown escapes are kept as written, as the common .env tools do.
                    sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }
}
