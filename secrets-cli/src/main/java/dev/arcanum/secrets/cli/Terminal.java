package dev.arcanum.secrets.cli;

import java.io.Console;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

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

    /**
     * @return true when standard input is a terminal device; on Linux {@code /proc/self/fd/0}
     *     links to {@code /dev/pts/N} or {@code /dev/ttyN}. False when it cannot be told.
     */
    static boolean stdinIsTerminal() {
        try {
            return isTerminalDevice(
                    Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /**
     * @param target what a file descriptor links to ({@code /dev/pts/3}, {@code pipe:[123]}, a file)
     * @return true if that is a terminal device
     */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    }

    /**
     * A terminal over {@code /dev/tty}, for when {@link System#console()} is null although stdin is
     * a terminal (stdout redirected). Hidden input turns echo off with {@code stty -echo} (the JDK
     * has no other way without a console) and always turns it back on; if that fails, {@link
     * #readHidden} throws rather than read with echo.
     *
     * @return the terminal, or null when {@code /dev/tty} cannot be opened for reading and writing
     */
    static Terminal controllingTerminal() {
        File tty = new File("/dev/tty");
        if (!tty.canRead() || !tty.canWrite()) {
            return null;
        }
        return new Terminal() {
            @Override
            public String readLine(String prompt) {
                try (InputStream in = new FileInputStream(tty);
                        OutputStream out = new FileOutputStream(tty)) {
                    out.write(prompt.getBytes(Charset.defaultCharset()));
                    out.flush();
                    char[] line = readLineFrom(in);
                    return line == null ? null : new String(line);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read from /dev/tty", e);
                }
            }

            @Override
            public char[] readHidden(String prompt) {
                try (InputStream in = new FileInputStream(tty);
                        OutputStream out = new FileOutputStream(tty)) {
                    stty(tty, "-echo");
                    try {
                        out.write(prompt.getBytes(Charset.defaultCharset()));
                        out.flush();
                        return readLineFrom(in);
                    } finally {
                        stty(tty, "echo");
                        out.write('\n');
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read a hidden value from /dev/tty", e);
                }
            }
        };
    }

    private static void stty(File tty, String setting) throws IOException {
        Process p = new ProcessBuilder("stty", setting)
                .redirectInput(tty)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("stty " + setting + " exited with " + p.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running stty " + setting, e);
        }
    }

    /** Reads up to a line end, byte by byte so nothing past the line is consumed; null at end of input. */
    private static char[] readLineFrom(InputStream in) throws IOException {
        byte[] buf = new byte[64];
        int n = 0;
        int b;
        boolean any = false;
        try {
            while ((b = in.read()) >= 0) {
                any = true;
                if (b == '\n') {
                    break;
                }
                if (n == buf.length) {
                    byte[] bigger = Arrays.copyOf(buf, n * 2);
                    Arrays.fill(buf, (byte) 0);
                    buf = bigger;
                }
                buf[n++] = (byte) b;
            }
            if (!any) {
                return null;
            }
            if (n > 0 && buf[n - 1] == '\r') {
                n--;
            }
            java.nio.CharBuffer chars = Charset.defaultCharset().decode(java.nio.ByteBuffer.wrap(buf, 0, n));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            Arrays.fill(chars.array(), '\0');
            return out;
        } finally {
            Arrays.fill(buf, (byte) 0);
        }
    }
}
