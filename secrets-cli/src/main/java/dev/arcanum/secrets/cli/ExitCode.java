package dev.arcanum.secrets.cli;

/** The exit codes of the {@code secrets} command (DESIGN.md). */
final class ExitCode {
    /** Done. */
    static final int OK = 0;
    /** Not found, or the answer is "no" ({@code exists}, {@code verify}). */
    static final int NOT_FOUND = 1;
    /** A usage or settings error: fix the command line or the settings. */
    static final int USAGE = 2;
    /** The backend could not be reached or is not healthy; retrying later may help. */
    static final int UNAVAILABLE = 3;
    /** The backend refused the credentials or the operation. */
    static final int ACCESS_DENIED = 4;

    private ExitCode() {}
}
