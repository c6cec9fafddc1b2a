package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.test.LeakDetector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code target/secrets.jar} (and the launcher script next to it) as child
 * processes, with an environment that holds nothing but a temporary home: the jar must work with no
 * settings at all, on the embedded local store. Bound to failsafe, so it runs in {@code verify},
 * after {@code package} built the jar.
 */
class RunnableJarIT {
    private static final String JAVA = ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path home;

    private Path jar;

    @BeforeEach
    void findJar() {
        jar = Path.of(System.getProperty("secrets.cli.jar", "target/secrets.jar"));
        assertThat(jar).as("the shaded jar (run 'package' first)").isRegularFile();
    }

    private Cli.Result run(List<String> command, String stdin, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        env.put("HOME", home.toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.putAll(extraEnv);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
        Cli.Result r = new Cli.Result(
                p.exitValue(),
                new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        return r;
    }

    private Cli.Result jar(String stdin, Map<String, String> env, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(JAVA, "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return run(command, stdin, env);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void putThenGetOnTheDefaultLocalStoreWithNoSettings() throws Exception {
        leaks.watch("jar-secret-value-1");
        Cli.Result put = jar("jar-secret-value-1\n", Map.of(), "put", "demo/greeting");
        leaks.assertNoLeak(put.all());
        assertThat(put.code()).as(put.toString()).isZero();
        assertThat(put.out()).isEqualTo("stored demo/greeting (version 1)\n");
        assertThat(put.err()).isEmpty();
        assertThat(home.resolve("data/arcanum-secrets/store.enc")).isRegularFile();
        assertThat(Files.readString(home.resolve("data/arcanum-secrets/store.enc"), StandardCharsets.ISO_8859_1))
                .doesNotContain("jar-secret-value-1");

        Cli.Result get = jar("", Map.of(), "get", "demo/greeting");
        assertThat(get.code()).as(get.toString()).isZero();
        assertThat(get.out()).isEqualTo("jar-secret-value-1\n");
        assertThat(get.err()).isEmpty();

        Cli.Result list = jar("", Map.of(), "list");
        assertThat(list.out()).isEqualTo("demo/greeting\n");
    }

    @Test
    void theLauncherScriptRunsTheJarNextToIt() throws Exception {
        Path launcher = Path.of(System.getProperty("secrets.cli.launcher", "target/secrets"));
        assertThat(launcher).isRegularFile();
        leaks.watch("launcher-value-2");
        Cli.Result put =
                run(List.of("sh", launcher.toAbsolutePath().toString(), "put", "demo/x"), "launcher-value-2", Map.of());
        assertThat(put.code()).as(put.toString()).isZero();
        Cli.Result get = run(List.of("sh", launcher.toAbsolutePath().toString(), "get", "demo/x"), "", Map.of());
        assertThat(get.out()).isEqualTo("launcher-value-2\n");
    }

    @Test
    void anUnknownProviderExitsTwoListingTheAvailableOnes() throws Exception {
        Cli.Result r = jar("", Map.of("SECRETS_PROVIDER", "nope"), "doctor");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("secrets: SECRETS_PROVIDER=nope: no provider is named 'nope'. Available: aws, aws_sm, azure,"
                        + " azure_kv, dotenv, infisical, infisical_cloud, infisical_self_host, local, memory, vault,"
                        + " vault_dev, vault_hcp\n");
    }

    @Test
    void doctorOnTheDefaultStore() throws Exception {
        Cli.Result r = jar("", Map.of(), "doctor");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("provider  local  [default]\n").contains("health    HEALTHY");
    }

    @Test
    void versionAndHelp() throws Exception {
        Cli.Result help = jar("", Map.of(), "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: secrets ");
        Cli.Result version = jar("", Map.of(), "--version");
        assertThat(version.out()).startsWith("secrets ");
    }
}
