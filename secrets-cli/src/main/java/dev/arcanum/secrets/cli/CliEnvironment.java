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
 * @param stdinIsTerminal true when stdin is a terminal; it can be one while {@code terminal} is
 *     null, because {@link System#console()} is null on JDK 17 to 21 when stdout is redirected
 *     ({@code secrets put KEY > out.txt}); reading such a stdin as a stream would echo what is typed
 * @param controllingTerminal reads hidden input from the controlling terminal ({@code /dev/tty})
 *     when there is no {@code terminal}, or null when that is not possible
 */
public record CliEnvironment(
        Map<String, String> environment,
        Map<String, String> systemProperties,
        InputStream in,
        PrintStream out,
        PrintStream err,
        Terminal terminal,
        Path workingDirectory,
        boolean stdinIsTerminal,
        Terminal controllingTerminal) {

    /**
     * An environment whose stdin is a terminal only when {@code terminal} is given.
     *
     * @param environment environment variables; copied
     * @param systemProperties Java system properties; copied
     * @param in standard input
     * @param out standard output
     * @param err standard error
     * @param terminal the interactive terminal, or null when input is not a terminal
     * @param workingDirectory where relative paths are resolved
     */
    public CliEnvironment(
            Map<String, String> environment,
            Map<String, String> systemProperties,
            InputStream in,
            PrintStream out,
            PrintStream err,
            Terminal terminal,
            Path workingDirectory) {
        this(environment, systemProperties, in, out, err, terminal, workingDirectory, terminal != null, null);
    }

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
        Terminal console = Terminal.of(System.console());
        boolean stdinIsTerminal = console != null || Terminal.stdinIsTerminal();
        return new CliEnvironment(
                System.getenv(),
                props,
                System.in,
                new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8),
                console,
                Path.of("").toAbsolutePath(),
                stdinIsTerminal,
                console == null && stdinIsTerminal ? Terminal.controllingTerminal() : null);
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
