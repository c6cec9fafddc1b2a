package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.local.DotenvParser;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import dev.arcanum.secrets.test.LeakDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code secrets onboard}: non-interactive for every backend on the class path (so backends added
 * later are covered without touching this test) and, by name, for each remote backend the command
 * ships (vault, aws, azure, infisical) with the answers a user gives it; missing answers, the
 * interactive flow, health and file handling.
 */
class OnboardCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path dir;

    /** The remote backends the command ships; each is tested by name, not only as "whatever is discovered". */
    private static final List<String> SHIPPED_BACKENDS = List.of("vault", "aws", "azure", "infisical");

    /**
     * What a user answers for each shipped backend, by property: the settings it cannot work without,
     * including those required only in combination (a credential pair, a region the SDK cannot find
     * on a developer machine), which the settings' own {@code required} flag cannot express.
     */
    private static final Map<String, Map<String, String>> BACKEND_ANSWERS = Map.of(
            "vault",
            Map.of(
                    "secrets.vault.address", "https://vault.onboard.test:8200",
                    "secrets.vault.token", "hvs.onboard-vault-token-1"),
            "aws",
            Map.of("secrets.aws.region", "eu-west-1"),
            "azure",
            Map.of(
                    "secrets.azure.vault-url", "https://onboard-test.vault.azure.net",
                    "secrets.azure.identity-endpoint", "http://localhost:42356/msi/token",
                    "secrets.azure.identity-header", "onboard-identity-header-2"),
            "infisical",
            Map.of(
                    "secrets.infisical.client-id", "0f6e8d52-onboard-client-id",
                    "secrets.infisical.client-secret", "onboard-infisical-client-secret-3",
                    "secrets.infisical.project-id", "6f1c-onboard-project"));

    static Stream<String> backends() {
        return SecretProviders.factories().stream()
                .map(SecretProviderFactory::name)
                .sorted();
    }

    static Stream<String> shippedBackends() {
        return SHIPPED_BACKENDS.stream();
    }

    /** The shipped backends by name (a missing one fails, not skipped), then whatever else is discovered. */
    static Stream<String> shippedAndDiscoveredBackends() {
        return Stream.concat(shippedBackends(), backends()).distinct();
    }

    @Test
    void everyShippedBackendIsDiscovered() {
        assertThat(backends()).containsAll(SHIPPED_BACKENDS);
    }

    /**
     * An answer for a setting, by what its name says it holds. Overrides for settings whose value
     * must point at something real go in {@link #knownAnswer}.
     */
    private String answer(Setting s) throws Exception {
        String known = knownAnswer(s.property());
        if (known != null) {
            return known;
        }
        String p = s.property().toLowerCase(Locale.ROOT);
        String last = p.substring(p.lastIndexOf('.') + 1);
        if (s.credential()) {
            return "credential-answer-for-" + last;
        }
        if (p.contains("address") || p.contains("url") || p.contains("endpoint") || p.contains("uri")) {
            return "http://127.0.0.1:9";
        }
        if (p.contains("path") || p.contains("file") || p.contains("dir")) {
            return dir.resolve("onboard-" + last).toString();
        }
        if (p.contains("region")) {
            return "eu-west-1";
        }
        return "answer-" + last;
    }

    private String knownAnswer(String property) throws Exception {
        for (Map<String, String> answers : BACKEND_ANSWERS.values()) {
            if (answers.containsKey(property)) {
                return answers.get(property);
            }
        }
        if (property.equals("secrets.dotenv.path")) {
            Path sample = dir.resolve("sample.env");
            Files.writeString(sample, "SAMPLE=value\n");
            return sample.toString();
        }
        return null;
    }

    /**
     * Every required setting without a default, plus a shipped backend's {@link #BACKEND_ANSWERS} or,
     * for the others, every path-like setting (to keep files in the temp dir).
     */
    private Map<Setting, String> answersFor(SecretProviderFactory f) throws Exception {
        Map<Setting, String> out = new LinkedHashMap<>();
        for (Setting s : f.settings()) {
            String p = s.property();
            boolean pathLike = p.contains("path") || p.contains("file") || p.contains("dir");
            Map<String, String> named = BACKEND_ANSWERS.get(f.name());
            // A shipped backend gets exactly a user's answers; path-like settings of a remote backend
            // (a token file, a folder in Infisical) are not local files to keep in the temp dir.
            boolean answered = named == null ? pathLike && !s.credential() : named.containsKey(p);
            if ((s.required() && s.defaultValue() == null) || answered) {
                out.put(s, answer(s));
            }
        }
        return out;
    }

    private Cli.Result run(Cli cli, String... args) {
        Cli.Result r = cli.run(args);
        leaks.assertNoLeak(r.out());
        leaks.assertNoLeak(r.err());
        return r;
    }

    @ParameterizedTest
    @MethodSource("shippedAndDiscoveredBackends")
    void nonInteractiveWritesASnippetForEachBackend(String name) throws Exception {
        SecretProviderFactory f = SecretProviders.factory(name);
        Map<Setting, String> answers = answersFor(f);
        StringBuilder file = new StringBuilder("SECRETS_PROVIDER=" + name + "\n");
        List<String> credentials = new ArrayList<>();
        answers.forEach((s, v) -> {
            file.append(s.environmentName())
                    .append('=')
                    .append(OnboardCommand.quote(v))
                    .append('\n');
            if (s.credential()) {
                credentials.add(v);
            }
        });
        leaks.watch(credentials);
        Files.writeString(dir.resolve("answers.env"), file);

        Cli cli = new Cli(dir);
        Cli.Result r = run(
                cli,
                "onboard",
                "--non-interactive",
                "--answers-file",
                "answers.env",
                "--output",
                name + ".env",
                "--skip-health-check");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("wrote " + name + ".env for provider '" + name + "'\n");
        String snippet = Files.readString(dir.resolve(name + ".env"));
        leaks.assertNoLeak(snippet);
        assertThat(snippet)
                .startsWith("# Arcanum Secrets: settings for the '" + name
                        + "' backend, written by 'secrets onboard'.\n" + "SECRETS_PROVIDER=" + name + "\n");
        for (Setting s : f.settings()) {
            String v = answers.get(s);
            if (v == null) {
                assertThat(snippet).contains("# " + s.environmentName() + "=");
            } else if (s.credential()) {
                assertThat(snippet)
                        .contains("# " + s.environmentName()
                                + "=<set in the environment, or rerun onboard with --include-credentials>\n");
            } else {
                assertThat(snippet).contains("\n" + s.environmentName() + "=" + OnboardCommand.quote(v) + "\n");
            }
        }
        // The snippet reads back as the same settings through the .env parser.
        Map<String, DotenvParser.Entry> parsed = new java.util.LinkedHashMap<>();
        DotenvParser.parse(snippet, "snippet").forEach(e -> parsed.put(e.name(), e));
        assertThat(parsed.get("SECRETS_PROVIDER").value()).isEqualTo(name);
        answers.forEach((s, v) -> {
            if (!s.credential()) {
                assertThat(parsed.get(s.environmentName()).value()).isEqualTo(v);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("shippedAndDiscoveredBackends")
    void missingAnswersExitTwoNamingEachOne(String name) throws Exception {
        SecretProviderFactory f = SecretProviders.factory(name);
        List<Setting> needed = f.settings().stream()
                .filter(s -> s.required() && s.defaultValue() == null)
                .toList();
        Files.writeString(dir.resolve("answers.env"), "SECRETS_PROVIDER=" + name + "\n");
        Cli.Result r = run(new Cli(dir), "onboard", "--non-interactive", "--answers-file", "answers.env");
        if (needed.isEmpty()) {
            // Nothing is required, so nothing is missing; the defaults may still fail validation (the
            // dotenv default .env does not exist in the temp working directory).
            assertThat(r.err()).doesNotContain("missing answers");
            return;
        }
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("secrets: missing answers for provider '" + name + "': ");
        for (Setting s : needed) {
            assertThat(r.err()).contains(s.environmentName());
        }
        assertThat(dir.resolve(".env.secrets")).doesNotExist();
    }

    /** What {@code onboard} says, by backend, when the answers file names the backend and nothing else. */
    private static final Map<String, String> NOTHING_ANSWERED = Map.of(
            "vault",
            "secrets: missing answers for provider 'vault': SECRETS_VAULT_ADDRESS or VAULT_ADDR (Vault's address, for"
                    + " example https://vault.example.com:8200)\n",
            // No aws setting is required on its own (the SDK may find a region in a profile or instance
            // metadata, both switched off for the tests), so the region is named by the validation step.
            "aws",
            "secrets: the answers are not valid, nothing was written: Provider 'aws': secrets.aws.region"
                    + " (SECRETS_AWS_REGION or AWS_REGION) is required: no region in the settings, the profile or the"
                    + " instance metadata; set AWS_REGION, for example AWS_REGION=eu-west-1\n",
            "azure",
            "secrets: missing answers for provider 'azure': SECRETS_AZURE_VAULT_URL or AZURE_KEYVAULT_URL (Key Vault"
                    + " URL, for example https://myvault.vault.azure.net)\n",
            "infisical",
            "secrets: missing answers for provider 'infisical': SECRETS_INFISICAL_PROJECT_ID or INFISICAL_PROJECT_ID (id"
                    + " of the Infisical project that holds the secrets)\n");

    @ParameterizedTest
    @MethodSource("shippedBackends")
    void aShippedBackendWithNoAnswersExitsTwoNamingWhatItNeeds(String name) throws Exception {
        Files.writeString(dir.resolve("answers.env"), "SECRETS_PROVIDER=" + name + "\n");
        Cli.Result r = run(new Cli(dir), "onboard", "--non-interactive", "--answers-file", "answers.env");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(NOTHING_ANSWERED.get(name));
        assertThat(dir.resolve(".env.secrets")).doesNotExist();
    }

    static Stream<Arguments> eachAnswerOfEachShippedBackend() {
        return SHIPPED_BACKENDS.stream().flatMap(name -> BACKEND_ANSWERS.get(name).keySet().stream()
                .sorted()
                .map(property -> Arguments.of(name, property)));
    }

    /** Each answer a shipped backend needs, left out alone: exit 2 naming it, nothing written, no credential shown. */
    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("eachAnswerOfEachShippedBackend")
    void aShippedBackendMissingOneAnswerExitsTwoNamingIt(String name, String left) throws Exception {
        SecretProviderFactory f = SecretProviders.factory(name);
        StringBuilder file = new StringBuilder("SECRETS_PROVIDER=" + name + "\n");
        Setting missing = null;
        for (Setting s : f.settings()) {
            String v = BACKEND_ANSWERS.get(name).get(s.property());
            if (s.property().equals(left)) {
                missing = s;
            } else if (v != null) {
                file.append(s.environmentName()).append('=').append(v).append('\n');
                if (s.credential()) {
                    leaks.watch(v);
                }
            }
        }
        assertThat(missing).as("a setting of " + name + " named " + left).isNotNull();
        Files.writeString(dir.resolve("answers.env"), file);

        Cli.Result r = run(
                new Cli(dir), "onboard", "--non-interactive", "--answers-file", "answers.env", "--skip-health-check");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("secrets: ").contains(missing.environmentName());
        assertThat(dir.resolve(".env.secrets")).doesNotExist();
    }

    @Test
    void missingAnswersAreNamedExactly() throws Exception {
        Files.writeString(dir.resolve("answers.env"), "SECRETS_PROVIDER=fake\n");
        Cli.Result r = run(new Cli(dir), "onboard", "--non-interactive", "--answers-file", "answers.env");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("secrets: missing answers for provider 'fake': SECRETS_FAKE_ADDRESS or FAKE_ADDR (the fake"
                        + " server URL); SECRETS_FAKE_TOKEN or FAKE_TOKEN (the access token)\n");

        Files.writeString(dir.resolve("empty.env"), "# nothing\n");
        Cli.Result noBackend = run(new Cli(dir), "onboard", "--non-interactive", "--answers-file", "empty.env");
        assertThat(noBackend.code()).isEqualTo(2);
        assertThat(noBackend.err())
                .isEqualTo("secrets: missing answers: SECRETS_PROVIDER (which backend: "
                        + String.join(", ", backends().toList()) + ")\n");
    }

    @Test
    void answersInvalidForTheBackendExitTwoAndWriteNothing() throws Exception {
        Files.writeString(
                dir.resolve("answers.env"), "SECRETS_PROVIDER=fake\nFAKE_ADDR=not a url\nFAKE_TOKEN=tok-123456\n");
        leaks.watch("tok-123456");
        Cli.Result r = run(new Cli(dir), "onboard", "--non-interactive", "--answers-file", "answers.env");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("secrets: the answers are not valid, nothing was written: Provider 'fake':"
                        + " secrets.fake.address (SECRETS_FAKE_ADDRESS or FAKE_ADDR) is 'not a url': expected an"
                        + " absolute URL such as https://host:port\n");
        assertThat(dir.resolve(".env.secrets")).doesNotExist();
    }

    @Test
    void interactiveAsksExactlyTheSettingsAndHidesCredentials() throws Exception {
        leaks.watch("typed-token-value");
        Cli cli = new Cli(dir).terminal("fake", "http://onboard.test:8200", "typed-token-value", "");
        Cli.Result r = run(cli, "onboard");
        assertThat(r.code()).as(r.toString()).isZero();
        Cli.ScriptedTerminal t = cli.currentTerminal();
        assertThat(t.prompts)
                .containsExactly(
                        "Backend [1-" + backends().count() + " or name]: ",
                        "secrets.fake.address — the fake server URL: ",
                        "secrets.fake.namespace — the namespace [root]: ");
        assertThat(t.hiddenPrompts).containsExactly("secrets.fake.token — the access token: ");
        assertThat(r.err()).contains("secrets: health HEALTHY: fake server http://onboard.test:8200\n");
        assertThat(Files.readString(dir.resolve(".env.secrets")))
                .isEqualTo("# Arcanum Secrets: settings for the 'fake' backend, written by 'secrets onboard'.\n"
                        + "SECRETS_PROVIDER=fake\n"
                        + "# the fake server URL\n"
                        + "SECRETS_FAKE_ADDRESS=http://onboard.test:8200\n"
                        + "# the access token (credential)\n"
                        + "# SECRETS_FAKE_TOKEN=<set in the environment, or rerun onboard with --include-credentials>\n"
                        + "# the namespace\n"
                        + "# SECRETS_FAKE_NAMESPACE=root  # default\n");
    }

    private Cli fakeAnswers(String address) throws Exception {
        Files.writeString(
                dir.resolve("answers.env"),
                "SECRETS_PROVIDER=fake\nFAKE_ADDR=" + address + "\nsecrets.fake.token=answer-token-value\n"
                        + "SECRETS_FAKE_NAMESPACE=team a\n");
        leaks.watch("answer-token-value");
        return new Cli(dir);
    }

    @Test
    void anUnhealthyBackendStillGetsItsSnippetButExitsThree() throws Exception {
        Cli cli = fakeAnswers("http://unreachable.test:8200");
        Cli.Result r = run(cli, "onboard", "--non-interactive", "--answers-file", "answers.env");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err())
                .isEqualTo("secrets: health UNAVAILABLE: fake server http://unreachable.test:8200 is unreachable (the"
                        + " snippet was written; check the address and credentials, then run 'secrets doctor')\n");
        assertThat(Files.readString(dir.resolve(".env.secrets")))
                .contains("SECRETS_FAKE_ADDRESS=http://unreachable.test:8200\n")
                .contains("SECRETS_FAKE_NAMESPACE=\"team a\"\n");
    }

    @Test
    void neverOverwritesWithoutForce() throws Exception {
        Cli cli = fakeAnswers("http://onboard.test");
        Files.writeString(dir.resolve(".env.secrets"), "KEEP=me\n");
        Cli.Result r = run(cli, "onboard", "--non-interactive", "--answers-file", "answers.env");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("secrets: .env.secrets exists; pass --force to overwrite it or --output to choose another"
                        + " file\n");
        assertThat(Files.readString(dir.resolve(".env.secrets"))).isEqualTo("KEEP=me\n");

        Cli.Result forced = run(cli, "onboard", "--non-interactive", "--answers-file", "answers.env", "--force");
        assertThat(forced.code()).isZero();
        assertThat(Files.readString(dir.resolve(".env.secrets"))).startsWith("# Arcanum Secrets");
    }

    @Test
    void includeCredentialsWritesThemOwnerOnly() throws Exception {
        Cli cli = fakeAnswers("http://onboard.test");
        Cli.Result r =
                cli.run("onboard", "--non-interactive", "--answers-file", "answers.env", "--include-credentials");
        leaks.assertNoLeak(r.all());
        assertThat(r.code()).isZero();
        Path file = dir.resolve(".env.secrets");
        assertThat(Files.readString(file)).contains("\nSECRETS_FAKE_TOKEN=answer-token-value\n");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void jsonAndStdoutOutput() throws Exception {
        Cli cli = fakeAnswers("http://onboard.test");
        Cli.Result r =
                run(cli, "onboard", "--non-interactive", "--answers-file", "answers.env", "--output", "-", "--json");
        assertThat(r.code()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("provider").asText()).isEqualTo("fake");
        assertThat(doc.get("output").asText()).isEqualTo("-");
        assertThat(doc.get("settings").toString())
                .isEqualTo("[{\"property\":\"secrets.fake.address\",\"environment\":\"SECRETS_FAKE_ADDRESS\","
                        + "\"credential\":false,\"source\":\"answer\"},"
                        + "{\"property\":\"secrets.fake.token\",\"environment\":\"SECRETS_FAKE_TOKEN\","
                        + "\"credential\":true,\"source\":\"answer\"},"
                        + "{\"property\":\"secrets.fake.namespace\",\"environment\":\"SECRETS_FAKE_NAMESPACE\","
                        + "\"credential\":false,\"source\":\"answer\"}]");
        assertThat(doc.at("/health/status").asText()).isEqualTo("HEALTHY");
        assertThat(doc.get("snippet").asText()).contains("SECRETS_PROVIDER=fake\n");
        assertThat(doc.get("ok").asBoolean()).isTrue();

        Cli.Result plain = run(cli, "onboard", "--non-interactive", "--answers-file", "answers.env", "-o", "-");
        assertThat(plain.out()).startsWith("# Arcanum Secrets: settings for the 'fake' backend");
        assertThat(dir.resolve(".env.secrets")).doesNotExist();
    }

    @Test
    void unknownAnswersAreWarnedAbout() throws Exception {
        Cli cli = fakeAnswers("http://onboard.test");
        Files.writeString(dir.resolve("answers.env"), Files.readString(dir.resolve("answers.env")) + "FAKE_TYPO=x\n");
        Cli.Result r = run(cli, "onboard", "--non-interactive", "--answers-file", "answers.env");
        assertThat(r.code()).isZero();
        assertThat(r.err())
                .startsWith("secrets: warning: answers.env: FAKE_TYPO is not a setting of provider 'fake'; ignored\n");
    }
}
