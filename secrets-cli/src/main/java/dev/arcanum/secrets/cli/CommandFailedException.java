package dev.arcanum.secrets.cli;

/**
 * A failure the command itself detects (a missing confirmation, a read-only provider, a malformed
 * file), with the exit code to return. Its message never holds a value.
 */
final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CommandFailedException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
