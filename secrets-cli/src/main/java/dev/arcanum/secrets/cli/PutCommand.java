package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretStore;
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

    private String readValue() {
        String v;
        if (value != null) {
            warn("--value puts the secret in your shell history and the process list; pipe it on stdin instead");
            v = value;
        } else if (env.interactive()) {
            char[] typed = env.terminal().readHidden("Value for " + key + ": ");
            v = typed == null ? "" : new String(typed);
            if (typed != null) {
                Arrays.fill(typed, '\0');
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
