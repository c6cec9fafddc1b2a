package dev.arcanum.secrets.cli;

import java.io.Console;

/**
 * The interactive side of the command: prompts and hidden input. Tests pass a scripted terminal;
 * the real command uses {@link System#console()}, which is null when stdin or stdout is not a
 * terminal (a pipe, CI), so every command can tell whether it may ask.
 */
public interface Terminal {

    /**
     * Prints a prompt and reads one line with echo.
     *
     * @param prompt what to ask
     * @return the line without its end, or null at end of input
     */
    String readLine(String prompt);

    /**
     * Prints a prompt and reads one line without echo, for values and credentials.
     *
     * @param prompt what to ask
     * @return the characters, or null at end of input; the caller clears the array
     */
    char[] readHidden(String prompt);

    /**
     * @param console the process console, or null when there is none
     * @return a terminal over it, or null when there is none
     */
    static Terminal of(Console console) {
        if (console == null || !isTerminal(console)) {
            return null;
        }
        return new Terminal() {
            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public char[] readHidden(String prompt) {
                return console.readPassword("%s", prompt);
            }
        };
    }

    /**
     * From JDK 22 on, {@link System#console()} may return a console even when the streams are
     * redirected; {@code Console.isTerminal()} (JDK 22) tells. On JDK 17 to 21 a non-null console
     * is a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            Object answer = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(answer);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
