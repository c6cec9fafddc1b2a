package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.test.LeakDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each command end to end against the in-test {@code fake} backend: stdout, stderr and exit codes.
 * Every value a test stores is watched by the leak detector, and every output except {@code get}'s
 * stdout is checked for it.
 */
class CommandsTest {
    private static final AtomicInteger STORES = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path dir;

    private Cli cli;
    private String address;

    @BeforeEach
    void setUp() {
        address = "http://store-" + STORES.incrementAndGet() + ".test:8200";
        cli = new Cli(dir)
                .env("SECRETS_PROVIDER", "fake")
                .env("FAKE_ADDR", address)
                .env("FAKE_TOKEN", "fake-token-credential");
        leaks.watch("fake-token-credential");
    }

    /** Runs and checks that nothing watched shows up anywhere. */
    private Cli.Result run(String... args) {
        Cli.Result r = cli.run(args);
        leaks.assertNoLeak(r.out());
        leaks.assertNoLeak(r.err());
        return r;
    }

    private void put(String key, String value) {
        leaks.watch(value);
        Cli.Result r = cli.stdin(value + "\n").run("put", key);
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void putReadsStdinAndGetPrintsOnlyTheValue() {
        leaks.watch("s3cret-value-1");
        Cli.Result put = cli.stdin("s3cret-value-1\n").run("put", "app/db-password");
        leaks.assertNoLeak(put.all());
        assertThat(put.code()).isZero();
        assertThat(put.out()).isEqualTo("stored app/db-password (version 1)\n");
        assertThat(put.err()).isEmpty();

        Cli.Result get = cli.run("get", "app/db-password");
        leaks.assertNoLeak(get.err());
        assertThat(get.code()).isZero();
        assertThat(get.out()).isEqualTo("s3cret-value-1\n");
        assertThat(get.err()).isEmpty();

        Cli.Result raw = cli.run("get", "app/db-password", "-n");
        assertThat(raw.out()).isEqualTo("s3cret-value-1");
    }

    @Test
    void putPromptsWithHiddenInputOnATerminal() {
        leaks.watch("typed-secret-2");
        cli.terminal("typed-secret-2");
        Cli.Result put = run("put", "app/token");
        assertThat(put.code()).isZero();
        assertThat(cli.currentTerminal().hiddenPrompts).containsExactly("Value for app/token: ");
        assertThat(cli.currentTerminal().prompts).isEmpty();
        cli.noTerminal();
        assertThat(cli.run("get", "app/token").out()).isEqualTo("typed-secret-2\n");
    }

    @Test
    void putWithValueWorksButWarns() {
        leaks.watch("inline-value-3");
        Cli.Result put = cli.run("put", "app/inline", "--value", "inline-value-3");
        leaks.assertNoLeak(put.all());
        assertThat(put.code()).isZero();
        assertThat(put.err())
                .isEqualTo("secrets: warning: --value puts the secret in your shell history and the process list;"
                        + " pipe it on stdin instead\n");
        assertThat(cli.run("get", "app/inline").out()).isEqualTo("inline-value-3\n");
    }

    @Test
    void putWithoutAValueIsAUsageError() {
        Cli.Result r = cli.stdin("").run("put", "app/empty");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("secrets: no value for 'app/empty': pipe it on stdin or type it at the prompt\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void putWithStdoutRedirectedReadsTheValueHiddenFromTheTerminal() {
        leaks.watch("typed-at-the-tty-value");
        Cli.ScriptedTerminal tty = new Cli.ScriptedTerminal("typed-at-the-tty-value");
        Cli.Result r = cli.stdinTerminalWithoutConsole(tty).run("put", "app/tty");
        leaks.assertNoLeak(r.out());
        leaks.assertNoLeak(r.err());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(tty.hiddenPrompts).containsExactly("Value for app/tty: ");
        assertThat(tty.prompts).isEmpty();
        assertThat(cli.noTerminal().run("get", "app/tty").out()).isEqualTo("typed-at-the-tty-value\n");
    }

    @Test
    void putWithStdoutRedirectedFailsWhenTheValueCannotBeHidden() {
        // What the terminal would deliver if stdin were read as a stream, echoing as it is typed.
        leaks.watch("echoed-as-typed-value");
        Cli.Result r = cli.stdin("echoed-as-typed-value\n")
                .stdinTerminalWithoutConsole(null)
                .run("put", "app/tty");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("secrets: cannot read a hidden value: pipe it on stdin (echo … | secrets put KEY)"
                        + " or run without redirecting stdout\n");
        assertThat(r.out()).isEmpty();
        assertThat(run("exists", "app/tty").code()).isEqualTo(1);
    }

    @Test
    void putWithStdoutRedirectedFailsWhenEchoCannotBeTurnedOff() {
        Terminal broken = new Terminal() {
            @Override
            public String readLine(String prompt) {
                throw new AssertionError("a value is never read with echo");
            }

            @Override
            public char[] readHidden(String prompt) {
                throw new java.io.UncheckedIOException(new java.io.IOException("stty -echo exited with 1"));
            }
        };
        Cli.Result r = cli.stdinTerminalWithoutConsole(broken).run("put", "app/tty");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("secrets: cannot read a hidden value: pipe it on stdin (echo … | secrets put KEY)"
                        + " or run without redirecting stdout\n");
    }

    @Test
    void stdinIsATerminalWhenFdZeroIsAPseudoOrRealTty() {
        assertThat(Terminal.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Terminal.isTerminalDevice("/dev/tty")).isTrue();
        assertThat(Terminal.isTerminalDevice("pipe:[4242]")).isFalse();
        assertThat(Terminal.isTerminalDevice("/home/dev/secret.txt")).isFalse();
        assertThat(Terminal.isTerminalDevice("/dev/null")).isFalse();
    }

    @Test
    void getReadsAPinnedVersionAndAField() {
        put("app/multi", "first-version-value");
        put("app/multi", "{\"user\":\"admin-user\",\"password\":\"field-pass-4\"}");
        assertThat(cli.run("get", "app/multi", "--version", "1").out()).isEqualTo("first-version-value\n");
        assertThat(cli.run("get", "app/multi#password").out()).isEqualTo("field-pass-4\n");
    }

    @Test
    void getJsonPrintsOneDocument() throws Exception {
        put("app/json", "json-value-5");
        Cli.Result r = cli.run("get", "app/json", "--json");
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.toString())
                .isEqualTo("{\"key\":\"app/json\",\"scope\":\"default\",\"version\":\"1\",\"value\":\"json-value-5\"}");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aMissingSecretExitsOneWithOneLineOnStderr() throws Exception {
        Cli.Result r = run("get", "app/nope");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("secrets: Secret 'app/nope' not found in scope default\n");

        Cli.Result json = run("get", "app/nope", "--json");
        assertThat(JSON.readTree(json.out()).toString())
                .isEqualTo("{\"error\":{\"exitCode\":1,\"type\":\"not_found\","
                        + "\"message\":\"Secret 'app/nope' not found in scope default\"}}");
    }

    @Test
    void aMalformedKeyIsAUsageError() {
        Cli.Result r = run("get", "/bad");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("secrets: Invalid key '/bad': it must not start or end with '/'\n");
    }

    @Test
    void aMissingArgumentIsAUsageError() {
        Cli.Result r = run("get");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("secrets: Missing required parameter: 'KEY' (see 'secrets get --help')\n");
        Cli.Result none = run();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("secrets: a command is required (see 'secrets --help')\n");
        Cli.Result unknown = run("frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("secrets: Unmatched argument at index 0: 'frobnicate'");
    }

    @Test
    void usageErrorsNameThePositionOrOptionNeverTheTypedValue() {
        // A value typed where an argument or option was expected, including one that starts with a
        // dash and so looks like an option to picocli.
        leaks.watch("Hunter2SuperSecret");
        Cli.Result positional = run("put", "demo/x", "Hunter2SuperSecret");
        assertThat(positional.code()).isEqualTo(2);
        assertThat(positional.err())
                .isEqualTo("secrets: Unmatched argument at index 2: '***' (see 'secrets put --help')\n");
        Cli.Result inline = run("put", "demo/x", "--valu=Hunter2SuperSecret");
        assertThat(inline.code()).isEqualTo(2);
        assertThat(inline.err()).isEqualTo("secrets: Unknown option: '--valu=***' (see 'secrets put --help')\n");
        Cli.Result dashed = run("put", "demo/x", "-Hunter2SuperSecret");
        assertThat(dashed.code()).isEqualTo(2);
        assertThat(dashed.err()).isEqualTo("secrets: Unknown option: '***' (see 'secrets put --help')\n");
    }

    @Test
    void usageErrorsNeverEchoWhatWasTyped() {
        leaks.watch("typo-secret-value", "colon-credential-value", "inline-eq-value");
        Cli.Result typo = run("put", "app/x", "--vlaue", "typo-secret-value");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).isEqualTo("secrets: Unknown options: '--vlaue', '***' (see 'secrets put --help')\n");
        Cli.Result badSetting = run("doctor", "--setting", "secrets.fake.token:colon-credential-value");
        assertThat(badSetting.code()).isEqualTo(2);
        // picocli's own wording, "option option" included.
        assertThat(badSetting.err())
                .isEqualTo("secrets: Value for option option '--setting' (NAME=VALUE) should be in KEY=VALUE format"
                        + " but was *** (see 'secrets doctor --help')\n");
        Cli.Result inline = run("get", "app/x", "--valeu=inline-eq-value");
        assertThat(inline.code()).isEqualTo(2);
    }

    @Test
    void scopesAreSeparate() {
        leaks.watch("db-scope-value");
        assertThat(cli.stdin("db-scope-value")
                        .run("put", "app/x", "--scope", "database")
                        .code())
                .isZero();
        assertThat(run("exists", "app/x").code()).isEqualTo(1);
        assertThat(run("exists", "app/x", "--scope", "database").code()).isZero();
        Cli.Result bad = run("list", "--scope", "Bad Scope");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).startsWith("secrets: Invalid scope name 'Bad Scope'");
    }

    @Test
    void listPrintsNamesOnly() throws Exception {
        put("b/second", "second-value-6");
        put("a/first", "first-value-7");
        Cli.Result r = run("list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("a/first\nb/second\n");
        assertThat(run("list", "--prefix", "b/").out()).isEqualTo("b/second\n");
        JsonNode doc = JSON.readTree(run("list", "--json").out());
        assertThat(doc.toString())
                .isEqualTo("{\"scope\":\"default\",\"count\":2,\"keys\":["
                        + "{\"key\":\"a/first\",\"version\":\"1\",\"updatedAt\":null},"
                        + "{\"key\":\"b/second\",\"version\":\"1\",\"updatedAt\":null}]}");
    }

    @Test
    void existsAnswersWithTheExitCode() throws Exception {
        put("app/here", "here-value-8");
        Cli.Result yes = run("exists", "app/here");
        assertThat(yes.code()).isZero();
        assertThat(yes.out()).isEqualTo("true\n");
        Cli.Result no = run("exists", "app/gone");
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.out()).isEqualTo("false\n");
        assertThat(no.err()).isEmpty();
        assertThat(JSON.readTree(run("exists", "app/gone", "--json").out()).toString())
                .isEqualTo("{\"key\":\"app/gone\",\"scope\":\"default\",\"exists\":false}");
    }

    @Test
    void deleteAsksUnlessYes() {
        put("app/old", "old-value-9");
        Cli.Result refused = run("delete", "app/old");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("secrets: refusing to delete 'app/old' without confirmation: pass --yes\n");
        assertThat(run("exists", "app/old").code()).isZero();

        cli.terminal("n");
        Cli.Result declined = run("delete", "app/old");
        assertThat(declined.code()).isEqualTo(1);
        assertThat(cli.currentTerminal().prompts)
                .containsExactly("Delete app/old (scope default) from provider 'fake'? [y/N] ");
        assertThat(declined.err()).isEqualTo("secrets: not deleted: app/old\n");

        cli.terminal("y");
        Cli.Result confirmed = run("delete", "app/old");
        assertThat(confirmed.code()).isZero();
        assertThat(confirmed.out()).isEqualTo("deleted app/old\n");
        cli.noTerminal();
        assertThat(run("exists", "app/old").code()).isEqualTo(1);

        Cli.Result missing = run("delete", "app/old", "--yes");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("secrets: not found: app/old (scope default)\n");
    }

    @Test
    void doctorShowsEverySettingAndCredentialsOnlyAsSet() throws Exception {
        Cli.Result r = run("doctor");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("provider  fake  [environment SECRETS_PROVIDER]\n")
                .contains("  secrets.fake.address         " + address + "  [environment FAKE_ADDR]\n")
                .contains("  secrets.fake.token           set  [environment FAKE_TOKEN, credential]\n")
                .contains("  secrets.fake.namespace       root  [default]\n")
                .contains("common (cache, seeding, read-only)\n  secrets.cache.ttl            5m  [default]\n")
                .contains("health    HEALTHY  fake server " + address + "\n");
        assertThat(r.err()).isEmpty();

        JsonNode doc = JSON.readTree(run("doctor", "--json").out());
        assertThat(doc.at("/provider").toString())
                .isEqualTo("{\"selected\":\"fake\",\"name\":\"fake\",\"source\":\"environment SECRETS_PROVIDER\"}");
        assertThat(doc.at("/settings/1").toString())
                .isEqualTo("{\"property\":\"secrets.fake.token\",\"environment\":\"SECRETS_FAKE_TOKEN\","
                        + "\"conventionalVariables\":[\"FAKE_TOKEN\"],\"description\":\"the access token\","
                        + "\"required\":true,\"credential\":true,\"status\":\"set\",\"value\":null,"
                        + "\"source\":\"environment FAKE_TOKEN\"}");
        assertThat(doc.at("/health/status").asText()).isEqualTo("HEALTHY");
        assertThat(doc.at("/ok").asBoolean()).isTrue();
    }

    @Test
    void doctorWithAnUnknownProviderExitsTwoAndListsTheAvailableOnes() {
        cli.env("SECRETS_PROVIDER", "nope");
        Cli.Result r = run("doctor");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .startsWith("secrets: SECRETS_PROVIDER=nope: no provider is named 'nope'. Available: ")
                .contains("fake, fake_alias");
        for (String name : SecretProviders.available()) {
            assertThat(r.err()).contains(name);
        }
    }

    @Test
    void doctorNamesEveryMissingRequiredSetting() {
        Cli c = new Cli(dir).env("SECRETS_PROVIDER", "fake");
        Cli.Result r = c.run("doctor");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out())
                .contains(
                        "  secrets.fake.address         unset  [required]  MISSING: SECRETS_FAKE_ADDRESS or FAKE_ADDR\n")
                .contains("  secrets.fake.token           unset  [required, credential]  MISSING: SECRETS_FAKE_TOKEN or"
                        + " FAKE_TOKEN\n");
        assertThat(r.err())
                .isEqualTo("secrets: Provider 'fake': multiple validation failures:"
                        + " secrets.fake.address (SECRETS_FAKE_ADDRESS or FAKE_ADDR) is required: the fake server URL;"
                        + " secrets.fake.token (SECRETS_FAKE_TOKEN or FAKE_TOKEN) is required: the access token\n");
    }

    @Test
    void doctorJsonWithASettingsErrorStillPrintsTheSettings() throws Exception {
        Cli c = new Cli(dir).env("SECRETS_PROVIDER", "fake").env("FAKE_TOKEN", "fake-token-credential");
        Cli.Result r = c.run("doctor", "--json");
        leaks.assertNoLeak(r.all());
        assertThat(r.code()).isEqualTo(2);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.at("/settings/0/status").asText()).isEqualTo("unset");
        assertThat(doc.at("/settings/1/status").asText()).isEqualTo("set");
        assertThat(doc.get("health").isNull()).isTrue();
        assertThat(doc.get("ok").asBoolean()).isFalse();
        assertThat(r.out().lines()).hasSize(1);
        assertThat(r.err())
                .isEqualTo("secrets: Provider 'fake': secrets.fake.address (SECRETS_FAKE_ADDRESS or FAKE_ADDR) is"
                        + " required: the fake server URL\n");
    }

    @Test
    void doctorExitsThreeWhenTheBackendIsDown() {
        cli.env("FAKE_ADDR", "http://unreachable.test:8200");
        Cli.Result r = run("doctor");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out())
                .contains("health    UNAVAILABLE  fake server http://unreachable.test:8200 is unreachable\n");
        assertThat(r.err())
                .isEqualTo("secrets: provider 'fake' is unavailable: fake server http://unreachable.test:8200 is"
                        + " unreachable\n");
        assertThat(run("get", "app/x").code()).isEqualTo(3);
    }

    @Test
    void settingsFlagsAndProviderFlagWinOverTheEnvironment() {
        Cli c = new Cli(dir).env("SECRETS_PROVIDER", "nope");
        leaks.watch("flag-token-value");
        Cli.Result r = c.run(
                "doctor",
                "--provider",
                "fake_alias",
                "--setting",
                "secrets.fake.address=" + address,
                "-s",
                "SECRETS_FAKE_TOKEN=flag-token-value");
        leaks.assertNoLeak(r.all());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("provider  fake (alias fake_alias)  [--setting]\n")
                .contains("  secrets.fake.token           set  [--setting, credential]\n");
    }

    @Test
    void accessDeniedExitsFour() {
        cli.env("FAKE_TOKEN", "wrong-token");
        Cli.Result r = run("get", "app/x");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).isEqualTo("secrets: fake server " + address + " answered HTTP 403\n");
    }

    @Test
    void aReadOnlyStoreIsASettingsError() {
        cli.env("FAKE_ADDR", "http://readonly.test:8200");
        Cli.Result r = cli.stdin("ro-value-10").run("put", "app/x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("secrets: the store is read-only: fake server http://readonly.test:8200 is read-only\n");
    }

    @Test
    void theReadOnlySettingMakesWritesASettingsError() {
        put("app/kept", "kept-value-11");
        cli.env("SECRETS_READ_ONLY", "true");
        Cli.Result r = cli.stdin("new-value-12").run("put", "app/kept");
        leaks.assertNoLeak(r.all());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("secrets: the store is read-only: Provider 'fake' is read-only")
                .contains("app/kept");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(cli.run("get", "app/kept").out()).isEqualTo("kept-value-11\n");
        assertThat(run("doctor").out())
                .contains("  secrets.read-only            true  [environment SECRETS_READ_ONLY]\n");
    }

    @Test
    void signAndVerifyRoundTrip() throws Exception {
        Files.writeString(dir.resolve("payload.json"), "{\"amount\":10}");
        Cli.Result signed = run("sign", "--purpose", "cli-bridge", "--file", "payload.json");
        assertThat(signed.code()).as(signed.toString()).isZero();
        String signature = signed.out().strip();
        assertThat(signature).isNotEmpty();
        assertThat(signed.out()).isEqualTo(signature + "\n");

        Cli.Result ok = cli.stdin("{\"amount\":10}").run("verify", "--purpose", "cli-bridge", "--signature", signature);
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).isEqualTo("valid\n");

        Cli.Result tampered =
                cli.stdin("{\"amount\":99}").run("verify", "--purpose", "cli-bridge", "--signature", signature);
        assertThat(tampered.code()).isEqualTo(1);
        assertThat(tampered.out()).isEqualTo("invalid\n");

        Cli.Result otherPurpose =
                run("verify", "--purpose", "service-account-issuance", "--signature", signature, "-f", "payload.json");
        assertThat(otherPurpose.code()).isEqualTo(1);

        JsonNode doc = JSON.readTree(cli.stdin("abc")
                .run("sign", "--purpose", "cli-bridge", "--json")
                .out());
        assertThat(doc.get("purpose").asText()).isEqualTo("cli-bridge");
        assertThat(doc.get("algorithm").asText()).isNotEmpty();
        assertThat(JSON.readTree(cli.stdin("abc")
                                .run(
                                        "verify",
                                        "--purpose",
                                        "cli-bridge",
                                        "--json",
                                        "--signature",
                                        doc.get("signature").asText())
                                .out())
                        .toString())
                .isEqualTo("{\"purpose\":\"cli-bridge\",\"valid\":true}");
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String command : new String[] {
            "doctor", "get", "put", "list", "exists", "delete", "import", "push", "sign", "verify", "onboard"
        }) {
            Cli.Result r = run(command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out())
                    .as(command)
                    .startsWith("Usage: secrets " + command)
                    .contains("Example:");
            assertThat(r.out()).as(command).contains("--json", "--provider", "--scope", "--setting");
        }
        Cli.Result top = run("--help");
        assertThat(top.out()).contains("Example:").contains("Exit codes:");
    }
}
