package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.test.LeakDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code secrets import} against the local store in a temporary directory. */
class ImportCommandTest {
    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir)
                .env("SECRETS_LOCAL_PATH", dir.resolve("store.enc").toString())
                .env("SECRETS_LOCAL_KEY_FILE", dir.resolve("local.key").toString());
        leaks.watch("existing-old-value", "db-password-value", "api-key-value-x", "token-value-yy");
        Files.writeString(
                dir.resolve("app.env"),
                "# app secrets\nDB_PASSWORD=db-password-value\nexport API_KEY='api-key-value-x'\n"
                        + "TOKEN=\"token-value-yy\"\n");
        Cli.Result seeded = cli.stdin("existing-old-value").run("put", "DB_PASSWORD");
        assertThat(seeded.code()).as(seeded.toString()).isZero();
    }

    private Cli.Result run(String... args) {
        Cli.Result r = cli.run(args);
        leaks.assertNoLeak(r.all());
        return r;
    }

    @Test
    void importsInOneBulkWriteAndPrintsNamesOnly() {
        Cli.Result r = run("import", "app.env");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .isEqualTo("created 2, updated 1\n  created API_KEY\n  created TOKEN\n  updated DB_PASSWORD\n");
        assertThat(r.err()).isEmpty();
        assertThat(cli.run("get", "API_KEY").out()).isEqualTo("api-key-value-x\n");
        assertThat(cli.run("get", "DB_PASSWORD").out()).isEqualTo("db-password-value\n");
        assertThat(cli.run("get", "DB_PASSWORD", "--version", "1").out()).isEqualTo("existing-old-value\n");
    }

    @Test
    void dryRunWritesNothing() throws Exception {
        Cli.Result r = run("import", "app.env", "--dry-run");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .isEqualTo("created 2, updated 1 (dry run: nothing written)\n"
                        + "  would be created API_KEY\n  would be created TOKEN\n  would be updated DB_PASSWORD\n");
        assertThat(run("exists", "API_KEY").code()).isEqualTo(1);
        assertThat(cli.run("get", "DB_PASSWORD").out()).isEqualTo("existing-old-value\n");

        String json = run("import", "app.env", "--dry-run", "--json").out();
        assertThat(new ObjectMapper().readTree(json).toString())
                .isEqualTo("{\"file\":\"app.env\",\"scope\":\"default\",\"dryRun\":true,\"createdCount\":2,"
                        + "\"updatedCount\":1,\"created\":[\"API_KEY\",\"TOKEN\"],\"updated\":[\"DB_PASSWORD\"]}");
    }

    @Test
    void aMalformedLineIsNamedAndNothingIsWritten() throws Exception {
        leaks.watch("should-not-be-written", "secret-on-bad-line");
        Files.writeString(
                dir.resolve("bad.env"), "NEW_KEY=should-not-be-written\n\nthis line has secret-on-bad-line\n");
        Cli.Result r = run("import", "bad.env");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("secrets: bad.env line 3: expected '=' after the name; nothing was written\n");
        assertThat(run("exists", "NEW_KEY").code()).isEqualTo(1);
    }

    @Test
    void aNameThatIsNotAKeyIsNamedByLine() throws Exception {
        String longName = "A".repeat(130);
        Files.writeString(dir.resolve("long.env"), "GOOD=fine-value-1\n" + longName + "=bad-key-value\n");
        Cli.Result r = run("import", "long.env");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("secrets: long.env line 2: Invalid key '" + "A".repeat(80) + "…': a path segment is"
                        + " longer than 128 characters; nothing was written\n");
        assertThat(run("exists", "GOOD").code()).isEqualTo(1);
    }

    @Test
    void prefixAndScopeApply() {
        Cli.Result r = run("import", "app.env", "--prefix", "app/", "--scope", "database");
        assertThat(r.out()).startsWith("created 3, updated 0\n");
        assertThat(run("list", "--scope", "database").out()).isEqualTo("app/API_KEY\napp/DB_PASSWORD\napp/TOKEN\n");
    }

    @Test
    void aMissingFileIsAUsageError() {
        Cli.Result r = run("import", "nope.env");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("secrets: file not found: nope.env\n");
    }
}
