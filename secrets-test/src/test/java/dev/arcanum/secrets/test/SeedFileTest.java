package dev.arcanum.secrets.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;

class SeedFileTest {

    @Test
    void readsTheDocumentedSubsetOfDotenv() {
        String text = "# comment\n\n"
                + "export A=1\n"
                + "B = two words # trailing comment\n"
                + "C=\"tab\\there\\nnext \\\"quoted\\\" back\\\\slash\"\n"
                + "D='literal \\n #not a comment'\n"
                + "path/to/key=x=y\r\n"
                + "EMPTY=\n"
                + "E=\"quoted # not a comment\"   # a comment\n"
                + "F='single' # a comment\n";
        assertThat(SeedFile.parse(text, "test.env"))
                .containsExactly(
                        org.assertj.core.api.Assertions.entry("A", "1"),
                        org.assertj.core.api.Assertions.entry("B", "two words"),
                        org.assertj.core.api.Assertions.entry("C", "tab\there\nnext \"quoted\" back\\slash"),
                        org.assertj.core.api.Assertions.entry("D", "literal \\n #not a comment"),
                        org.assertj.core.api.Assertions.entry("path/to/key", "x=y"),
                        org.assertj.core.api.Assertions.entry("EMPTY", ""),
                        org.assertj.core.api.Assertions.entry("E", "quoted # not a comment"),
                        org.assertj.core.api.Assertions.entry("F", "single"));
    }

    @Test
    void theExampleOfDocsTestingMdReadsAsDocumented() {
        assertThat(SeedFile.load("classpath:seed/docs-example.env"))
                .containsExactly(
                        org.assertj.core.api.Assertions.entry("API_TOKEN", "tok-for-tests"),
                        org.assertj.core.api.Assertions.entry("db/url", "jdbc:postgresql://localhost/app"),
                        org.assertj.core.api.Assertions.entry("multi", "line one\nline \"two\""),
                        org.assertj.core.api.Assertions.entry("literal", "no \\n escapes here"));
    }

    @Test
    void reportsTheLineButNeverItsValue() {
        assertThatThrownBy(() -> SeedFile.parse("A=1\nB=\"unterminated-s3cr3t\n", "f.env"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("f.env line 2: unterminated double-quoted value");
        assertThatThrownBy(() -> SeedFile.parse("=no-key", "f.env")).hasMessage("f.env line 1: expected KEY=VALUE");
        assertThatThrownBy(() -> SeedFile.parse("a b=1", "f.env"))
                .hasMessage("f.env line 1: Invalid key 'a b': use only letters, digits, '.', '_' and '-' in each"
                        + " segment, '/' between segments");
        assertThatThrownBy(() -> SeedFile.parse("k#field=1", "f.env"))
                .hasMessage("f.env line 1: a seeded key has no '#field'");
        assertThatThrownBy(() -> SeedFile.parse("K='open", "f.env"))
                .hasMessage("f.env line 1: unterminated single-quoted value");
        assertThatThrownBy(() -> SeedFile.parse("K=\"a\" b", "f.env"))
                .hasMessage("f.env line 1: only a '#' comment may follow a double-quoted value");
    }

    @Test
    void readsAFileSystemPathAndReportsAMissingOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("seed.env");
        Files.writeString(file, "db/user=app\n", StandardCharsets.UTF_8);
        assertThat(SeedFile.load(file.toString()))
                .containsOnly(org.assertj.core.api.Assertions.entry("db/user", "app"));
        assertThatThrownBy(() -> SeedFile.load("target/no-such-seed.env"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@SecretsTest seedFile 'target/no-such-seed.env' does not exist (relative to ");
    }
}
