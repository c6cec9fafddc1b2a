package dev.arcanum.secrets.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Everything the command reads from or writes to the outside world: settings sources, standard
 * streams, the terminal and the working directory. The real command takes the process's; tests
 * build their own, so no test depends on the developer's environment.
 *
 * @param environment environment variables; copied
 * @param systemProperties Java system properties; copied
 * @param in standard input
 * @param out standard output
 * @param err standard error
 * @param terminal the interactive terminal, or null when input is not a terminal
 * @param workingDirectory where relative paths are resolved
 */
public record CliEnvironment(
        Map<String, String> environment,
        Map<String, String> systemProperties,
        InputStream in,
        PrintStream out,
        PrintStream err,
        Terminal terminal,
        Path workingDirectory) {

    /** Copies the maps and checks for nulls. */
    public CliEnvironment {
        environment = Map.copyOf(environment);
        systemProperties = Map.copyOf(systemProperties);
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /**
     * @return the process's environment, system properties, streams and console
     */
    public static CliEnvironment system() {
        Map<String, String> props = new LinkedHashMap<>();
        Properties p = System.getProperties();
        for (String name : p.stringPropertyNames()) {
            props.put(name, p.getProperty(name));
        }
        return new CliEnvironment(
                System.getenv(),
                props,
                System.in,
                new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8),
                Terminal.of(System.console()),
                Path.of("").toAbsolutePath());
    }

    /**
     * @return true when the command may ask the user something
     */
    public boolean interactive() {
        return terminal != null;
    }

    /**
     * @param path a path as typed
     * @return the path resolved against the working directory
     */
    public Path resolve(String path) {
        return workingDirectory.resolve(path);
    }
}
