package dev.arcanum.secrets.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading values and payloads from stdin and files. */
final class Input {
    private Input() {}

    static byte[] stdin(CliEnvironment env) {
        try {
            return env.in().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }

    /**
     * A value piped on stdin: UTF-8, one trailing line end removed ({@code echo s3cret |} adds
     * one that nobody means as part of the value).
     */
    static String valueFromStdin(CliEnvironment env) {
        String s = new String(stdin(env), StandardCharsets.UTF_8);
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        if (s.endsWith("\n")) {
            return s.substring(0, s.length() - 1);
        }
        return s;
    }

    /**
     * @param env the environment
     * @param file a file path, {@code -} for stdin, or null for stdin
     * @return the bytes, exactly
     */
    static byte[] payload(CliEnvironment env, String file) {
        if (file == null || file.equals("-")) {
            return stdin(env);
        }
        return readFile(env.resolve(file), file);
    }

    static byte[] readFile(Path path, String shown) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CommandFailedException(ExitCode.USAGE, "file not found: " + shown);
        } catch (IOException e) {
            throw new CommandFailedException(
                    ExitCode.USAGE, "cannot read " + shown + ": " + e.getClass().getSimpleName());
        }
    }
}
