package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the shaded {@code target/secrets.jar} as a child process the way a user would, with an
 * environment built from nothing: {@code PATH} and {@code JAVA_HOME} are copied from this JVM's
 * environment, {@code HOME} and the XDG directories point into a test's temporary directory, and
 * everything else is exactly what the test passes. So no {@code VAULT_TOKEN}, {@code AWS_*} or
 * other setting of the developer's shell or of CI can reach the command. Stdin is closed at once.
 */
final class ShadedJar {
    private static final String JAVA = ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());

    private final Path jar;
    private final Path home;

    /**
     * @param home the temporary directory that stands in for the user's home and working directory
     */
    ShadedJar(Path home) {
        this.jar = Path.of(System.getProperty("secrets.cli.jar", "target/secrets.jar"));
        assertThat(jar).as("the shaded jar (run 'package' first)").isRegularFile();
        this.home = home;
    }

    /**
     * @param env the command's environment besides PATH, JAVA_HOME, HOME and XDG directories
     * @param args the command line after {@code java -jar secrets.jar}
     * @return exit code, stdout and stderr
     */
    Cli.Result run(Map<String, String> env, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(JAVA, "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> childEnv = pb.environment();
        Map<String, String> inherited = new LinkedHashMap<>(childEnv);
        childEnv.clear();
        childEnv.put("PATH", inherited.getOrDefault("PATH", "/usr/bin:/bin"));
        if (inherited.containsKey("JAVA_HOME")) {
            childEnv.put("JAVA_HOME", inherited.get("JAVA_HOME"));
        }
        childEnv.put("HOME", home.toString());
        childEnv.put("XDG_DATA_HOME", home.resolve("data").toString());
        childEnv.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        childEnv.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        childEnv.putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("the command finished within 120 s").isTrue();
        return new Cli.Result(
                p.exitValue(),
                new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
