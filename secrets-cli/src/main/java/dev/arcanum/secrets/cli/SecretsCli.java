package dev.arcanum.secrets.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * The {@code secrets} command.
 *
 * <pre>{@code
 * echo -n 's3cret' | secrets put app/db-password
 * secrets get app/db-password
 * }</pre>
 *
 * <p>Exit codes: 0 ok, 1 not found or false, 2 usage or settings error, 3 backend unavailable, 4
 * access denied.
 */
@Command(
        name = "secrets",
        mixinStandardHelpOptions = true,
        versionProvider = SecretsCli.Version.class,
        description = "Read, write, sign with and check secrets in any Arcanum Secrets backend.",
        synopsisSubcommandLabel = "COMMAND",
        footerHeading = "%nExample:%n",
        footer = {
            "  echo -n 's3cret' | secrets put app/db-password",
            "  secrets get app/db-password",
            "",
            "Exit codes: 0 ok, 1 not found / false, 2 usage or settings error, 3 backend unavailable,"
                    + " 4 access denied."
        })
public final class SecretsCli implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    private final CliEnvironment env;

    private SecretsCli(CliEnvironment env) {
        this.env = env;
    }

    /**
     * Runs the command in this process and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(CliEnvironment.system(), args));
    }

    /**
     * Runs the command against the given environment, without exiting.
     *
     * @param env streams, settings and terminal
     * @param args the command line
     * @return the exit code
     */
    public static int run(CliEnvironment env, String... args) {
        int code = commandLine(env).execute(args);
        env.out().flush();
        env.err().flush();
        return code;
    }

    /**
     * @param env streams, settings and terminal
     * @return the command line with every subcommand, error handling and exit codes in place
     */
    public static CommandLine commandLine(CliEnvironment env) {
        CommandLine cl = new CommandLine(new SecretsCli(env))
                .addSubcommand(new DoctorCommand(env))
                .addSubcommand(new GetCommand(env))
                .addSubcommand(new PutCommand(env))
                .addSubcommand(new ListCommand(env))
                .addSubcommand(new ExistsCommand(env))
                .addSubcommand(new DeleteCommand(env))
                .addSubcommand(new ImportCommand(env))
                .addSubcommand(new PushCommand(env))
                .addSubcommand(new SignCommand(env))
                .addSubcommand(new VerifyCommand(env))
                .addSubcommand(new OnboardCommand(env));
        ErrorReporter reporter = new ErrorReporter(env);
        cl.setOut(new PrintWriter(env.out(), true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(env.err(), true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler(reporter);
        cl.setParameterExceptionHandler(reporter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public Integer call() {
        env.err().println("secrets: a command is required (see 'secrets --help')");
        return ExitCode.USAGE;
    }

    /** The version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SecretsCli.class.getPackage().getImplementationVersion();
            return new String[] {"secrets " + (v == null ? "(development build)" : v)};
        }
    }
}
