package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "exists",
        description = "Exit 0 if the secret exists, 1 if it does not; prints true or false.",
        footerHeading = "%nExample:%n",
        footer = {"  secrets exists app/api-key && echo present"})
final class ExistsCommand extends ProviderCommand {
    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    ExistsCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        SecretKey.parse(key);
        boolean exists;
        try (SecretProvider p = openProvider()) {
            if (p instanceof SecretStore) {
                exists = ((SecretStore) p).exists(key, scope());
            } else {
                // Read-only providers have no exists(); a read that finds nothing answers the same.
                try {
                    p.get(key, scope());
                    exists = true;
                } catch (SecretNotFoundException e) {
                    exists = false;
                }
            }
        }
        if (json()) {
            ObjectNode o = Json.object();
            o.put("key", key);
            o.put("scope", scope().name());
            o.put("exists", exists);
            printJson(o);
        } else {
            env.out().println(exists);
        }
        return exists ? ExitCode.OK : ExitCode.NOT_FOUND;
    }
}
