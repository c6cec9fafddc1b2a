package dev.arcanum.secrets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotenvParserTest {

    private static Map<String, String> values(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        DotenvParser.parse(text, "test.env").forEach(e -> out.put(e.name(), e.value()));
        return out;
    }

    @Test
    void plainExportCommentsAndSpaces() {
        Map<String, String> v = values(String.join(
                "\n",
                "# a comment",
                "",
                "A=plain",
                "export B=exported",
                "  C = spaced value  ",
                "D=value # trailing comment",
                "E=pass#word",
                "F=",
                "G= # only a comment",
                "export=not-a-prefix",
                "prod.db-url=x"));
        assertThat(v)
                .containsExactly(
                        Map.entry("A", "plain"),
                        Map.entry("B", "exported"),
                        Map.entry("C", "spaced value"),
                        Map.entry("D", "value"),
                        Map.entry("E", "pass#word"),
                        Map.entry("F", ""),
                        Map.entry("G", ""),
                        Map.entry("export", "not-a-prefix"),
                        Map.entry("prod.db-url", "x"));
    }

    @Test
    void singleQuotesAreLiteral() {
        Map<String, String> v = values("A='lit $HOME \\n \"q\" # not a comment' # comment\n");
        assertThat(v).containsEntry("A", "lit $HOME \\n \"q\" # not a comment");
    }

    @Test
    void doubleQuotesProcessEscapes() {
        Map<String, String> v = values("A=\"l1\\nl2\\t\\\"q\\\" \\\\ \\$HOME \\x\"\n");
        assertThat(v).containsEntry("A", "l1\nl2\t\"q\" \\ $HOME \\x");
    }

    @Test
    void quotedValuesMaySpanLines() {
        Map<String, String> v =
                values("KEY=\"-----BEGIN KEY-----\r\nabc\r\n-----END KEY-----\"\r\nNEXT='one\ntwo'\nLAST=ok\n");
        assertThat(v)
                .containsExactly(
                        Map.entry("KEY", "-----BEGIN KEY-----\nabc\n-----END KEY-----"),
                        Map.entry("NEXT", "one\ntwo"),
                        Map.entry("LAST", "ok"));
    }

    @Test
    void theLastOfTwoEqualNamesWinsAndABomIsIgnored() {
        assertThat(values("\uFEFFA=1\nA=2")).containsExactly(Map.entry("A", "2"));
    }

    @Test
    void variablesAreNotExpanded() {
        assertThat(values("A=${HOME}/x\nB=\"$USER\""))
                .containsEntry("A", "${HOME}/x")
                .containsEntry("B", "$USER");
    }

    @Test
    void errorsNameTheLineNeverItsText() {
        assertThatThrownBy(() -> values("A=1\nB=\"s3cr3t-value\nC=2\n"))
                .hasMessage("test.env line 2: the double-quoted value is never closed");
        assertThatThrownBy(() -> values("A='s3cr3t-value"))
                .hasMessage("test.env line 1: the single-quoted value is never closed");
        assertThatThrownBy(() -> values("A=1\n\nnot a pair s3cr3t-value\n"))
                .hasMessage("test.env line 3: expected '=' after the name");
        assertThatThrownBy(() -> values("=s3cr3t-value"))
                .hasMessage("test.env line 1: expected NAME=value (a name uses letters, digits, '_', '.' and '-')");
        assertThatThrownBy(() -> values("A=\"s3cr3t\"value"))
                .hasMessage("test.env line 1: unexpected text after the closing quote (quote the whole value)");
    }

    @Test
    void anUnquotedMultiLinePemValueIsReportedWithoutAnyOfItsText() {
        String body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
        String tail = "x0JmS3cr3tPemTailLine";
        String text =
                "A=1\nTLS_KEY=-----BEGIN PRIVATE KEY-----\n" + body + "+/q\n" + tail + "\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> values(text))
                .hasMessage("test.env line 3: expected '=' after the name")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("MIIE", body.substring(20, 30), tail.substring(0, 6), "PRIVATE"));
    }

    @Test
    void entriesKeepTheirLineAndErrorsAreTypedConfigurationErrors() {
        assertThat(DotenvParser.parse("A=1\n\nB=\"x\ny\"\nC=3\nA=4\n", "app.env"))
                .extracting(DotenvParser.Entry::name, DotenvParser.Entry::value, DotenvParser.Entry::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("B", "x\ny", 3),
                        org.assertj.core.groups.Tuple.tuple("C", "3", 5),
                        org.assertj.core.groups.Tuple.tuple("A", "4", 6));
        assertThat(DotenvParser.parse("A=s3cr3t-value", "app.env").get(0).toString())
                .isEqualTo("Entry{A, line 1}");
        assertThatThrownBy(() -> DotenvParser.parse("A=1\nB='s3cr3t-value\n", "conf/app.env"))
                .isInstanceOf(dev.arcanum.secrets.SecretConfigurationException.class)
                .isInstanceOfSatisfying(DotenvParser.DotenvSyntaxException.class, e -> {
                    assertThat(e.sourceName()).isEqualTo("conf/app.env");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.rule()).isEqualTo("the single-quoted value is never closed");
                })
                .hasMessage("conf/app.env line 2: the single-quoted value is never closed");
    }
}
