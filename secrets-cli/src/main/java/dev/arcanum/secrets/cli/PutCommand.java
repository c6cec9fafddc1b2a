package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretStore;
import java.io.UncheckedIOException;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "put",
        description = {
            "Store a secret. The value is read from stdin when it is piped (one trailing newline removed),",
            "otherwise from a hidden prompt. --value works but warns: it lands in shell history and ps."
        },
        footerHeading = "%nExample:%n",
        footer = {
            "  printf '%%s' \"$DB_PASSWORD\" | secrets put prod/db-password",
            "  secrets put prod/db-password   # prompts"
        })
final class PutCommand extends ProviderCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Option(names = "--value", paramLabel = "VALUE", description = "The value (discouraged: see above).")
    String value;

    PutCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        SecretKey k = SecretKey.parse(key);
        if (k.fieldOrNull() != null) {
            throw new CommandFailedException(
                    ExitCode.USAGE, "put writes a whole secret: drop '#" + k.fieldOrNull() + "' from the key");
        }
        String v = readValue();
        try (SecretStore store = openStore("store secrets")) {
            SecretMetadata m = store.put(key, v, scope());
            if (json()) {
                ObjectNode o = Json.object();
                o.put("key", key);
                o.put("scope", scope().name());
                o.put("version", m.version());
                printJson(o);
            } else {
                say("stored " + key + (m.version() == null ? "" : " (version " + m.version() + ")"));
            }
            return ExitCode.OK;
        }
    }

    static final String CANNOT_HIDE = "cannot read a hidden value: pipe it on stdin"
            + " (echo … | secrets put KEY) or run without redirecting stdout";

    private String hidden(Terminal terminal) {
        char[] typed = terminal.readHidden("Value for " + key + ": ");
        if (typed == null) {
            return "";
        }
        try {
            return new String(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    private String readValue() {
        String v;
        if (value != null) {
            warn("--value puts the secret in your shell history and the process list; pipe it on stdin instead");
            v = value;
        } else if (env.interactive()) {
            v = hidden(env.terminal());
        } else if (env.stdinIsTerminal()) {
            // No console although stdin is a terminal: stdout is redirected (System.console() is null
            // then on JDK 17). Reading stdin as a stream would echo the secret as it is typed.
            Terminal tty = env.controllingTerminal();
            if (tty == null) {
                throw new CommandFailedException(ExitCode.USAGE, CANNOT_HIDE);
            }
            try {
                v = hidden(tty);
            } catch (UncheckedIOException e) {
                throw new CommandFailedException(ExitCode.USAGE, CANNOT_HIDE);
            }
        } else {
            v = Input.valueFromStdin(env);
        }
        if (v.isEmpty()) {
            throw new CommandFailedException(
                    ExitCode.USAGE, "no value for '" + key + "': pipe it on stdin or type it at the prompt");
        }
        return v;
    }
}
