package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.InvalidSecretValueException;
import dev.arcanum.secrets.ReadOnlyStoreException;
import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProviderUnavailableException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one stderr line {@code secrets: <message>} and an exit code; with
 * {@code --json}, also one JSON error document on stdout. Library exceptions carry messages that
 * never hold values (the library's contract); any other exception is shown by its type only, since
 * its message is not under our control and might.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** What an option name looks like: {@code --lower-case-words} or a one-letter {@code -x}. */
    private static final Pattern OPTION_NAME = Pattern.compile("--[a-z][a-z0-9-]*|-[A-Za-z]");

    private final CliEnvironment env;

    ErrorReporter(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String help = "see '" + cmd.getCommandSpec().qualifiedName() + " --help'";
        report(
                ExitCode.USAGE,
                "usage",
                withoutArguments(ex.getMessage(), args) + " (" + help + ")",
                Arrays.asList(args).contains("--json"));
        return ExitCode.USAGE;
    }

    /**
     * picocli quotes what was typed ("Unknown options: '--vlaue', 's3cret'", "should be in KEY=VALUE
     * format but was …"), and what was typed may be a value: every argument except option names and
     * the command name is masked in usage messages, and so is an argument that starts with a dash but
     * does not look like an option name.
     */
    static String withoutArguments(String message, String[] args) {
        List<String> typed = new ArrayList<>();
        boolean commandSeen = false;
        for (String a : args) {
            if (a.startsWith("-")) {
                int eq = a.indexOf('=');
                String name = eq >= 0 ? a.substring(0, eq) : a;
                if (eq >= 0) {
                    typed.add(a.substring(eq + 1));
                }
                if (!OPTION_NAME.matcher(name).matches()) {
                    // "-Hunter2…" is a value that starts with a dash (generated passwords often do),
                    // not an option name: picocli would report it as an unknown option, verbatim.
                    typed.add(a);
                }
            } else if (!commandSeen) {
                commandSeen = true; // the command name is not a value and helps spot a typo
            } else {
                typed.add(a);
            }
        }
        typed.sort(Comparator.comparingInt(String::length).reversed());
        String out = message == null ? "" : message;
        for (String t : typed) {
            if (t.length() >= 3) {
                out = out.replace(t, "***");
            }
        }
        return out;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        boolean json = false;
        boolean debug = false;
        if (cmd.getCommand() instanceof ProviderCommand) {
            CommonOptions common = ((ProviderCommand) cmd.getCommand()).common;
            json = common.json;
            debug = common.debug;
        }
        int code = exitCode(ex);
        String message = ex instanceof SecretException || ex instanceof CommandFailedException
                ? ex.getMessage()
                : "unexpected error (" + ex.getClass().getName() + "); run with --debug for details";
        if (ex instanceof ReadOnlyStoreException) {
            message = "the store is read-only: " + message;
        }
        report(code, type(ex), message, json);
        if (debug) {
            ex.printStackTrace(env.err());
        }
        return code;
    }

    private void report(int code, String type, String message, boolean json) {
        String line = oneLine(message);
        PrintStream err = env.err();
        err.println("secrets: " + line);
        err.flush();
        if (json) {
            ObjectNode error = Json.object();
            error.put("exitCode", code);
            error.put("type", type);
            error.put("message", line);
            ObjectNode doc = Json.object();
            doc.set("error", error);
            env.out().println(Json.write(doc));
            env.out().flush();
        }
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof CommandFailedException) {
            return ((CommandFailedException) ex).exitCode();
        }
        if (ex instanceof SecretNotFoundException) {
            return ExitCode.NOT_FOUND;
        }
        if (ex instanceof SecretProviderUnavailableException) {
            return ExitCode.UNAVAILABLE;
        }
        if (ex instanceof SecretAccessDeniedException) {
            return ExitCode.ACCESS_DENIED;
        }
        if (ex instanceof SecretConfigurationException
                || ex instanceof InvalidSecretKeyException
                || ex instanceof InvalidSecretValueException
                || ex instanceof ReadOnlyStoreException) {
            return ExitCode.USAGE;
        }
        if (ex instanceof SecretException) {
            // A request the backend cannot serve as asked (for example a version of an unversioned
            // store): the caller has to change the request.
            return ExitCode.USAGE;
        }
        return ExitCode.UNAVAILABLE;
    }

    private static String type(Throwable ex) {
        if (ex instanceof CommandFailedException) {
            int c = ((CommandFailedException) ex).exitCode();
            return c == ExitCode.NOT_FOUND ? "not_found" : c == ExitCode.UNAVAILABLE ? "unavailable" : "usage";
        }
        if (ex instanceof SecretNotFoundException) {
            return "not_found";
        }
        if (ex instanceof SecretProviderUnavailableException) {
            return "unavailable";
        }
        if (ex instanceof SecretAccessDeniedException) {
            return "access_denied";
        }
        if (ex instanceof SecretConfigurationException) {
            return "configuration";
        }
        if (ex instanceof InvalidSecretKeyException || ex instanceof InvalidSecretValueException) {
            return "invalid_input";
        }
        if (ex instanceof ReadOnlyStoreException) {
            return "read_only";
        }
        if (ex instanceof SecretException) {
            return "unsupported";
        }
        return "internal";
    }

    /**
     * Multi-line library messages ("multiple validation failures:" followed by a list) become one
     * line, the items joined by "; ".
     */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String[] lines = message.strip().split("\\R");
        StringBuilder sb = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("- ")) {
                l = l.substring(2);
            }
            if (l.isEmpty()) {
                continue;
            }
            sb.append(i == 1 && sb.toString().endsWith(":") ? " " : "; ").append(l);
        }
        return sb.toString();
    }
}
