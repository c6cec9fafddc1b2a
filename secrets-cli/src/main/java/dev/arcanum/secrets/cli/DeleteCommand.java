package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretStore;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "delete",
        description = {
            "Delete a secret (every version). Asks first unless --yes; without a terminal, --yes is required."
        },
        footerHeading = "%nExample:%n",
        footer = {"  secrets delete app/old-token --yes"})
final class DeleteCommand extends ProviderCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation.")
    boolean yes;

    DeleteCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        SecretKey.parse(key);
        if (!yes && !env.interactive()) {
            throw new CommandFailedException(
                    ExitCode.USAGE, "refusing to delete '" + key + "' without confirmation: pass --yes");
        }
        try (SecretStore store = openStore("delete secrets")) {
            if (!yes) {
                String answer = env.terminal()
                        .readLine("Delete " + key + " (scope " + scope().name() + ") from provider '" + store.name()
                                + "'? [y/N] ");
                String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
                if (!a.equals("y") && !a.equals("yes")) {
                    throw new CommandFailedException(ExitCode.NOT_FOUND, "not deleted: " + key);
                }
            }
            boolean deleted = store.delete(key, scope());
            if (json()) {
                ObjectNode o = Json.object();
                o.put("key", key);
                o.put("scope", scope().name());
                o.put("deleted", deleted);
                printJson(o);
            } else if (deleted) {
                say("deleted " + key);
            }
            if (!deleted) {
                env.err().println("secrets: not found: " + key + " (scope " + scope().name() + ")");
                return ExitCode.NOT_FOUND;
            }
            return ExitCode.OK;
        }
    }
}
