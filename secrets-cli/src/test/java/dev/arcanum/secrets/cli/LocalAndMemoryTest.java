package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.test.LeakDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command against the two stores of secrets-local that the command ships with: {@code local}
 * with no settings at all (its default paths land in the test's temporary home), and {@code
 * memory}, whose store lives only as long as one command.
 */
class LocalAndMemoryTest {
    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path dir;

    private Cli.Result run(Cli cli, String... args) {
        Cli.Result r = cli.run(args);
        leaks.assertNoLeak(r.out());
        leaks.assertNoLeak(r.err());
        return r;
    }

    @Test
    void everyCommandOnTheDefaultLocalStoreWithNoSettings() throws Exception {
        Cli cli = new Cli(dir);
        leaks.watch("local-value-one", "local-value-two", "imported-value-3");

        Cli.Result doctor = run(cli, "doctor");
        assertThat(doctor.code()).as(doctor.toString()).isZero();
        assertThat(doctor.out()).startsWith("provider  local  [default]\n").contains("health    HEALTHY");

        Cli.Result put = cli.stdin("local-value-one\n").run("put", "app/db");
        leaks.assertNoLeak(put.all());
        assertThat(put.code()).as(put.toString()).isZero();
        assertThat(put.out()).isEqualTo("stored app/db (version 1)\n");
        assertThat(put.err()).isEmpty();
        Path store = dir.resolve("home/.local/share/arcanum-secrets/store.enc");
        assertThat(store).isRegularFile();
        assertThat(Files.readString(store, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("local-value-one");
        assertThat(cli.stdin("local-value-two").run("put", "app/db").out()).isEqualTo("stored app/db (version 2)\n");

        Cli.Result get = cli.run("get", "app/db");
        assertThat(get.code()).isZero();
        assertThat(get.out()).isEqualTo("local-value-two\n");
        assertThat(get.err()).isEmpty();
        assertThat(cli.run("get", "app/db", "--version", "1").out()).isEqualTo("local-value-one\n");

        Cli.Result missing = run(cli, "get", "app/none");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).startsWith("secrets: ").contains("app/none").endsWith("\n");
        assertThat(missing.err().lines()).hasSize(1);

        Files.writeString(dir.resolve("in.env"), "IMPORTED=imported-value-3\n");
        Cli.Result imported = run(cli, "import", "in.env");
        assertThat(imported.out()).isEqualTo("created 1, updated 0\n  created IMPORTED\n");

        Cli.Result list = run(cli, "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).isEqualTo("IMPORTED\napp/db\n");

        assertThat(run(cli, "exists", "app/db").code()).isZero();
        assertThat(run(cli, "exists", "app/none").code()).isEqualTo(1);

        Files.writeString(dir.resolve("body.txt"), "payload to sign");
        Cli.Result signed = run(cli, "sign", "--purpose", "cli-bridge", "-f", "body.txt");
        assertThat(signed.code()).as(signed.toString()).isZero();
        Cli.Result verified = run(
                cli,
                "verify",
                "--purpose",
                "cli-bridge",
                "-f",
                "body.txt",
                "--signature",
                signed.out().strip());
        assertThat(verified.code()).isZero();
        assertThat(verified.out()).isEqualTo("valid\n");
        Cli.Result tampered = cli.stdin("payload to sign!")
                .run(
                        "verify",
                        "--purpose",
                        "cli-bridge",
                        "--signature",
                        signed.out().strip());
        assertThat(tampered.code()).isEqualTo(1);

        Files.writeString(dir.resolve(".env"), "KV_APP_DB=kv://app/db\n");
        Cli.Result push = run(cli, "push", "--to", "memory");
        assertThat(push.code()).as(push.toString()).isZero();
        assertThat(push.out()).isEqualTo("pushed 1 to memory: created 1, updated 0, unresolved 0\n  app/db\n");

        Cli.Result delete = run(cli, "delete", "app/db", "--yes");
        assertThat(delete.code()).isZero();
        assertThat(delete.out()).isEqualTo("deleted app/db\n");
        assertThat(run(cli, "exists", "app/db").code()).isEqualTo(1);

        Cli.Result onboard = run(cli, "onboard", "--provider", "local", "--non-interactive", "--output", "local.env");
        assertThat(onboard.code()).as(onboard.toString()).isZero();
        assertThat(Files.readString(dir.resolve("local.env"))).contains("SECRETS_PROVIDER=local\n");
    }

    @Test
    void everyCommandOnMemoryWhoseStoreLivesForOneCommand() throws Exception {
        Cli cli = new Cli(dir).env("SECRETS_PROVIDER", "memory");
        leaks.watch("memory-value-1", "memory-import-2");

        Cli.Result doctor = run(cli, "doctor");
        assertThat(doctor.code()).isZero();
        assertThat(doctor.out())
                .isEqualTo("provider  memory  [environment SECRETS_PROVIDER]\n"
                        + "available aws, azure, dotenv, fake, infisical, local, memory, target, vault\n"
                        + "settings\n"
                        + "common (cache, seeding, read-only)\n"
                        + doctor.out().substring(doctor.out().indexOf("  secrets.cache.ttl")));
        assertThat(doctor.out()).contains("  secrets.read-only            false  [default]\n");
        assertThat(doctor.out()).contains("health    HEALTHY");

        Cli.Result put = cli.stdin("memory-value-1").run("put", "app/x");
        leaks.assertNoLeak(put.all());
        assertThat(put.code()).isZero();
        assertThat(put.out()).startsWith("stored app/x");

        // A new command is a new process-local store: what the last one wrote is gone.
        Cli.Result get = run(cli, "get", "app/x");
        assertThat(get.code()).isEqualTo(1);
        assertThat(get.out()).isEmpty();
        assertThat(run(cli, "exists", "app/x").code()).isEqualTo(1);
        assertThat(run(cli, "list").out()).isEmpty();
        assertThat(run(cli, "delete", "app/x", "--yes").code()).isEqualTo(1);

        Files.writeString(dir.resolve("in.env"), "A_KEY=memory-import-2\n");
        Cli.Result imported = run(cli, "import", "in.env");
        assertThat(imported.out()).isEqualTo("created 1, updated 0\n  created A_KEY\n");

        Cli.Result signed = cli.stdin("body").run("sign", "--purpose", "cli-bridge");
        assertThat(signed.code()).isZero();
        // The signing key was created in the store of that one command, so a later verify cannot know it.
        Cli.Result verified = cli.stdin("body")
                .run(
                        "verify",
                        "--purpose",
                        "cli-bridge",
                        "--signature",
                        signed.out().strip());
        assertThat(verified.code()).isEqualTo(1);
        assertThat(verified.out()).isEqualTo("invalid\n");

        Files.writeString(dir.resolve("p.json"), "{\"a\":\"kv://app/x\"}");
        Cli.Result push = run(cli, "push", "--payload", "p.json", "--to", "memory");
        assertThat(push.code()).isZero();
        assertThat(push.err())
                .isEqualTo("secrets: warning: kv://app/x could not be resolved from provider 'memory' (scope"
                        + " default); app/x skipped\nsecrets: warning: nothing to push\n");

        Cli.Result onboard = run(cli, "onboard", "--non-interactive", "--provider", "memory");
        assertThat(onboard.code()).isZero();
        assertThat(Files.readString(dir.resolve(".env.secrets"))).contains("SECRETS_PROVIDER=memory\n");
    }

    @Test
    void theReadOnlyDotenvProviderReadsButRefusesWritesWithExitTwo() throws Exception {
        Files.writeString(dir.resolve(".env"), "DB_USER=app\nexport DB_PASSWORD=\"p@ss word-13\"\n");
        leaks.watch("p@ss word-13");
        Cli cli = new Cli(dir).env("SECRETS_PROVIDER", "dotenv");
        assertThat(cli.run("get", "DB_PASSWORD").out()).isEqualTo("p@ss word-13\n");
        assertThat(run(cli, "exists", "DB_USER").code()).isZero();

        Cli.Result put = cli.stdin("other-value-14").run("put", "DB_USER");
        leaks.assertNoLeak(put.all());
        assertThat(put.code()).isEqualTo(2);
        assertThat(put.err())
                .isEqualTo("secrets: provider 'dotenv' is read-only and cannot store secrets; choose a store with"
                        + " --provider or SECRETS_PROVIDER\n");
        Cli.Result list = run(cli, "list");
        assertThat(list.code()).isEqualTo(2);
        assertThat(list.err())
                .isEqualTo("secrets: provider 'dotenv' is read-only and cannot list secrets; choose a store with"
                        + " --provider or SECRETS_PROVIDER\n");
        assertThat(run(cli, "delete", "DB_USER", "--yes").code()).isEqualTo(2);
    }
}
