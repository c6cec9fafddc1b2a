package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotenvFileTest {

    private static Map<String, String> values(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        DotenvFile.parse(text).forEach((k, e) -> out.put(k, e.value()));
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
        assertThat(DotenvFile.parse(text).get("MULTI").line()).isEqualTo(9);
        assertThat(DotenvFile.parse(text).get("PLAIN").line()).isEqualTo(13);
    }

    @Test
    void malformedLinesAreNamedByNumberNeverByText() {
        assertThatThrownBy(() -> DotenvFile.parse("A=1\nB=2\nthis holds s3cr3t-text\n"))
                .isInstanceOf(DotenvFile.SyntaxException.class)
                .hasMessage("line 3: expected NAME=VALUE (NAME: letters, digits, '_', '.', '-')");
        assertThatThrownBy(() -> DotenvFile.parse("A=1\nB=\"open s3cr3t\nstill open\n"))
                .hasMessage("line 2: the quoted value of B is never closed");
        assertThatThrownBy(() -> DotenvFile.parse("A='x' s3cr3t\n"))
                .hasMessage("line 1: unexpected text after the closing quote");
    }
}
