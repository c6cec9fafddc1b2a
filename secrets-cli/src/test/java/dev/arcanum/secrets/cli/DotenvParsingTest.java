package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.local.DotenvParser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The .env forms {@code import}, {@code push} and {@code onboard} read, through secrets-local's parser. */
class DotenvParsingTest {

    private static Map<String, String> values(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        DotenvParser.parse(text, "app.env").forEach(e -> out.put(e.name(), e.value()));
        return out;
    }

    @Test
    void readsTheCommonForms() {
        String text = "\uFEFF# comment\n"
                + "\n"
                + "PLAIN=value\n"
                + "export EXPORTED = spaced value  \n"
                + "HASH=pa#ss\n"
                + "COMMENTED=value # trailing\n"
                + "SINGLE='lit $HOME \\n'\n"
                + "DOUBLE=\"a\\nb \\\"q\\\" \\$x \\\\ \\z\" # c\n"
                + "MULTI=\"line one\n"
                + "line two\"\n"
                + "EMPTY=\n"
                + "dotted.name-x=1\n"
                + "PLAIN=last wins\n";
        assertThat(values(text))
                .containsExactly(
                        Map.entry("EXPORTED", "spaced value"),
                        Map.entry("HASH", "pa#ss"),
                        Map.entry("COMMENTED", "value"),
                        Map.entry("SINGLE", "lit $HOME \\n"),
                        Map.entry("DOUBLE", "a\nb \"q\" $x \\ \\z"),
                        Map.entry("MULTI", "line one\nline two"),
                        Map.entry("EMPTY", ""),
                        Map.entry("dotted.name-x", "1"),
                        Map.entry("PLAIN", "last wins"));
        Map<String, Integer> lines = new LinkedHashMap<>();
        DotenvParser.parse(text, "app.env").forEach(e -> lines.put(e.name(), e.line()));
        assertThat(lines.get("MULTI")).isEqualTo(9);
        assertThat(lines.get("PLAIN")).isEqualTo(13);
    }

    @Test
    void malformedLinesAreNamedByNumberNeverByText() {
        assertThatThrownBy(() -> DotenvParser.parse("A=1\nB=2\nthis holds s3cr3t-text\n", "app.env"))
                .isInstanceOf(DotenvParser.DotenvSyntaxException.class)
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("app.env line 3: expected '=' after the name");
        assertThatThrownBy(() -> DotenvParser.parse("A=1\nB=\"open s3cr3t\nstill open\n", "app.env"))
                .hasMessage("app.env line 2: the double-quoted value is never closed");
        assertThatThrownBy(() -> DotenvParser.parse("A='x' s3cr3t\n", "app.env"))
                .hasMessage("app.env line 1: unexpected text after the closing quote (quote the whole value)");
    }
}
