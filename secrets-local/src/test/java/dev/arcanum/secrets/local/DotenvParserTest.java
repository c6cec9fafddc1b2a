package dev.arcanum.secrets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DotenvParserTest {

    @Test
    void plainExportCommentsAndSpaces() {
        Map<String, String> v = DotenvParser.parse(String.join(
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
        Map<String, String> v = DotenvParser.parse("A='lit $HOME \\n \"q\" # not a comment' # comment\n");
        assertThat(v).containsEntry("A", "lit $HOME \\n \"q\" # not a comment");
    }

    @Test
    void doubleQuotesProcessEscapes() {
        Map<String, String> v = DotenvParser.parse("A=\"l1\\nl2\\t\\\"q\\\" \\\\ \\$HOME \\x\"\n");
        assertThat(v).containsEntry("A", "l1\nl2\t\"q\" \\ $HOME \\x");
    }

    @Test
    void quotedValuesMaySpanLines() {
        Map<String, String> v = DotenvParser.parse(
                "KEY=\"-----BEGIN KEY-----\r\nabc\r\n-----END KEY-----\"\r\nNEXT='one\ntwo'\nLAST=ok\n");
        assertThat(v)
                .containsExactly(
                        Map.entry("KEY", "-----BEGIN KEY-----\nabc\n-----END KEY-----"),
                        Map.entry("NEXT", "one\ntwo"),
                        Map.entry("LAST", "ok"));
    }

    @Test
    void theLastOfTwoEqualNamesWinsAndABomIsIgnored() {
        assertThat(DotenvParser.parse("\uFEFFA=1\nA=2")).containsExactly(Map.entry("A", "2"));
    }

    @Test
    void variablesAreNotExpanded() {
        assertThat(DotenvParser.parse("A=${HOME}/x\nB=\"$USER\""))
                .containsEntry("A", "${HOME}/x")
                .containsEntry("B", "$USER");
    }

    @Test
    void errorsNameTheLineNeverItsText() {
        assertThatThrownBy(() -> DotenvParser.parse("A=1\nB=\"s3cr3t-value\nC=2\n"))
                .hasMessage("line 2: the double-quoted value is never closed");
        assertThatThrownBy(() -> DotenvParser.parse("A='s3cr3t-value"))
                .hasMessage("line 1: the single-quoted value is never closed");
        assertThatThrownBy(() -> DotenvParser.parse("A=1\n\nnot a pair s3cr3t-value\n"))
                .hasMessage("line 3: expected '=' after the name");
        assertThatThrownBy(() -> DotenvParser.parse("=s3cr3t-value"))
                .hasMessage("line 1: expected NAME=value (a name uses letters, digits, '_', '.' and '-')");
        assertThatThrownBy(() -> DotenvParser.parse("A=\"s3cr3t\"value"))
                .hasMessage("line 1: unexpected text after the closing quote (quote the whole value)");
    }

    @Test
    void anUnquotedMultiLinePemValueIsReportedWithoutAnyOfItsText() {
        String body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
        String tail = "x0JmS3cr3tPemTailLine";
        String text =
                "A=1\nTLS_KEY=-----BEGIN PRIVATE KEY-----\n" + body + "+/q\n" + tail + "\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> DotenvParser.parse(text))
                .hasMessage("line 3: expected '=' after the name")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("MIIE", body.substring(20, 30), tail.substring(0, 6), "PRIVATE"));
    }
}
