package dev.arcanum.secrets.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.SignedPayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotenvSecretProviderTest {
    @TempDir
    Path dir;

    private SecretProvider open(String fileName, String content) throws Exception {
        Path file = dir.resolve(fileName);
        Files.writeString(file, content);
        return new DotenvSecretProviderFactory()
                .create(SecretsConfig.of(Map.of("secrets.dotenv.path", file.toString())));
    }

    @Test
    void envNamesMapToKeysPathsAndScopes() throws Exception {
        SecretProvider p = open(
                ".env",
                "DB_PASSWORD=pw\nPROD__DB__URL=jdbc\nSCOPE_DATABASE__ADMIN=root\nSCOPE_THIRD_PARTY_API__STRIPE__KEY=sk\n");
        assertThat(p).isNotInstanceOf(SecretStore.class);
        assertThat(p.get("DB_PASSWORD").value()).isEqualTo("pw");
        assertThat(p.get("DB_PASSWORD").version()).isNull();
        assertThat(p.get("PROD/DB/URL").value()).isEqualTo("jdbc");
        assertThat(p.get("ADMIN", SecretScope.DATABASE).value()).isEqualTo("root");
        assertThat(p.get("STRIPE/KEY", SecretScope.THIRD_PARTY_API).value()).isEqualTo("sk");
        assertThatThrownBy(() -> p.get("ADMIN"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'ADMIN' not found in scope 'default' of dotenv file " + dir.resolve(".env"));
        assertThatThrownBy(() -> p.get("SCOPE_DATABASE__ADMIN")).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void yamlFlattensNestedMapsKeepsScalarsAsWrittenAndReadsScopes() throws Exception {
        SecretProvider p = open(
                "secrets.local.yaml",
                String.join(
                        "\n",
                        "prod:",
                        "  db:",
                        "    password: s3cret",
                        "    port: 05432",
                        "    ratio: 1.10",
                        "    enabled: yes",
                        "    empty:",
                        "\"flat/key\": flat",
                        "multi: |",
                        "  line one",
                        "  line two",
                        "scopes:",
                        "  database:",
                        "    admin:",
                        "      user: root",
                        ""));
        assertThat(p.get("prod/db/password").value()).isEqualTo("s3cret");
        assertThat(p.get("prod/db/port").value()).isEqualTo("05432");
        assertThat(p.get("prod/db/ratio").value()).isEqualTo("1.10");
        assertThat(p.get("prod/db/enabled").value()).isEqualTo("yes");
        assertThat(p.get("prod/db/empty").value()).isEmpty();
        assertThat(p.get("flat/key").value()).isEqualTo("flat");
        assertThat(p.get("multi").value()).isEqualTo("line one\nline two\n");
        assertThat(p.get("admin/user", SecretScope.DATABASE).value()).isEqualTo("root");
        assertThatThrownBy(() -> p.get("admin/user")).isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> p.get("prod/db")).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void aYamlListIsAnErrorNamingThePath() {
        assertThatThrownBy(() -> open("s.yml", "a:\n  hosts:\n    - one\n    - two\n"))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Cannot read YAML file " + dir.resolve("s.yml")
                        + " (line 3): 'a/hosts' is a list; values must be text (quote a list to keep it as text)");
    }

    @Test
    void malformedFilesNameTheLineButNoValue() {
        assertThatThrownBy(() -> open(".env", "A=1\nB=\"hunter2\n"))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Cannot read dotenv file " + dir.resolve(".env")
                        + ": line 2: the double-quoted value is never closed");
        assertThatThrownBy(() -> open("bad.yaml", "a: \"hunter2\nb: [\n"))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessageStartingWith("Cannot read YAML file " + dir.resolve("bad.yaml") + ": malformed YAML")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMissingFileIsAConfigurationError() {
        Path missing = dir.resolve("nope.env");
        assertThatThrownBy(() -> new DotenvSecretProviderFactory()
                        .create(SecretsConfig.of(Map.of("secrets.dotenv.path", missing.toString()))))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Dotenv file " + missing + " does not exist; create it or point secrets.dotenv.path"
                        + " (SECRETS_DOTENV_PATH) at another file");
    }

    @Test
    void theDefaultIsDotEnvElseSecretsLocalYaml() throws Exception {
        SecretsConfig config = SecretsConfig.of(Map.of("user.dir", dir.toString()));
        Files.writeString(dir.resolve("secrets.local.yaml"), "from: yaml\n");
        assertThat(new DotenvSecretProviderFactory().create(config).get("from").value())
                .isEqualTo("yaml");
        Files.writeString(dir.resolve(".env"), "from=env\n");
        assertThat(new DotenvSecretProviderFactory().create(config).get("from").value())
                .isEqualTo("env");
    }

    @Test
    void anEditedFileIsReadAgain() throws Exception {
        SecretProvider p = open(".env", "A=1\n");
        assertThat(p.get("A").value()).isEqualTo("1");
        Path file = dir.resolve(".env");
        Files.writeString(file, "A=22\nB=3\n");
        // Same-second edits on coarse file systems: the size alone already differs here.
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(p.get("A").value()).isEqualTo("22");
        assertThat(p.getMany(List.of("A", "B", "C"))).containsOnlyKeys("A", "B");
    }

    @Test
    void signingUsesAKeyFromTheFileAndSaysSoWhenItIsMissing() throws Exception {
        SecretProvider p = open(".env", "signing-keys__cli-bridge=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n");
        byte[] payload = "payload".getBytes(StandardCharsets.UTF_8);
        SignedPayload signed = p.sign(payload, SecretPurpose.CLI_BRIDGE);
        assertThat(p.verify(payload, signed.signature(), SecretPurpose.CLI_BRIDGE))
                .isTrue();
        assertThatThrownBy(() -> p.sign(payload, SecretPurpose.SERVICE_ACCOUNT_ISSUANCE))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("No signing key 'signing-keys/service-account-issuance' and provider 'dotenv' cannot"
                        + " store one; store one (at least 32 random bytes, for example the output of"
                        + " 'openssl rand -base64 32') under that key");
    }

    @Test
    void versionsAreNotKept() throws Exception {
        SecretProvider p = open(".env", "A=1\n");
        assertThatThrownBy(() -> p.getVersion("A", "1", SecretScope.DEFAULT))
                .isExactlyInstanceOf(SecretException.class)
                .hasMessage("Provider 'dotenv' does not keep versions; read 'A' without a version");
    }

    @Test
    void healthReportsThePathAndCountAndBecomesUnavailableWhenTheFileGoes() throws Exception {
        SecretProvider p = open(".env", "A=secret-1\nB=secret-2\n");
        SecretProviderHealth h = p.healthCheck();
        assertThat(h.status()).isEqualTo(SecretProviderHealth.Status.HEALTHY);
        assertThat(h.details())
                .containsEntry("secrets", 2)
                .containsEntry("path", dir.resolve(".env").toString());
        Files.delete(dir.resolve(".env"));
        assertThat(p.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
        assertThat(p.toString()).doesNotContain("secret-1");
    }

    @Test
    void namesThatAreNotKeysAreSkipped() throws Exception {
        SecretProvider p = open(".env", "__LEADING=x\nOK=y\nSCOPE__X__K=z\n");
        assertThat(p.getMany(List.of("OK"))).containsOnlyKeys("OK");
        assertThat(p.healthCheck().details()).containsEntry("secrets", 1);
    }
}
