package dev.arcanum.secrets.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the command in-process against an environment the test builds: no real environment
 * variables, system properties, console or working directory leak in.
 */
final class Cli {
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Path workingDirectory;
    private byte[] stdin = new byte[0];
    private ScriptedTerminal terminal;
    private boolean stdinIsTerminal;
    private Terminal controllingTerminal;

    Cli(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        // Defaults that read the home or working directory (the local store, dotenv) stay in the test's.
        systemProperties.put("user.dir", workingDirectory.toString());
        systemProperties.put("user.home", workingDirectory.resolve("home").toString());
        environment.put("HOME", workingDirectory.resolve("home").toString());
    }

    Cli env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Cli env(Map<String, String> values) {
        environment.putAll(values);
        return this;
    }

    /** The next run reads this on stdin (no terminal). */
    Cli stdin(String text) {
        this.stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** The next runs have a terminal answering these lines in order. */
    Cli terminal(String... answers) {
        this.terminal = new ScriptedTerminal(answers);
        return this;
    }

    Cli noTerminal() {
        this.terminal = null;
        this.stdinIsTerminal = false;
        this.controllingTerminal = null;
        return this;
    }

    /**
     * The next runs have stdin on a terminal but no console, as when stdout is redirected on JDK 17;
     * the controlling terminal ({@code /dev/tty}) answers hidden reads, or is null when it cannot.
     */
    Cli stdinTerminalWithoutConsole(Terminal controlling) {
        this.terminal = null;
        this.stdinIsTerminal = true;
        this.controllingTerminal = controlling;
        return this;
    }

    ScriptedTerminal currentTerminal() {
        return terminal;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment env = new CliEnvironment(
                environment,
                systemProperties,
                new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal,
                workingDirectory,
                stdinIsTerminal || terminal != null,
                controllingTerminal);
        int code = SecretsCli.run(env, args);
        stdin = new byte[0];
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A terminal that answers from a script and remembers what it was asked and how. */
    static final class ScriptedTerminal implements Terminal {
        private final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();
        final List<String> hiddenPrompts = new ArrayList<>();

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public String readLine(String prompt) {
            prompts.add(prompt);
            return answers.poll();
        }

        @Override
        public char[] readHidden(String prompt) {
            hiddenPrompts.add(prompt);
            String a = answers.poll();
            return a == null ? null : a.toCharArray();
        }
    }
}
