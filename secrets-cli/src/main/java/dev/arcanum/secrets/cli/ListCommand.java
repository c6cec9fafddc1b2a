package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretStore;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        description = "Print the names of the secrets in a scope, one per line; never values.",
        footerHeading = "%nExample:%n",
        footer = {"  secrets list", "  secrets list --prefix prod/ --scope database"})
final class ListCommand extends ProviderCommand {
    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only names that start with this.")
    String prefix = "";

    ListCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        try (SecretStore store = openStore("list secrets")) {
            List<SecretMetadata> entries = store.list(scope()).stream()
                    .filter(m -> m.key().startsWith(prefix))
                    .sorted(Comparator.comparing(SecretMetadata::key))
                    .toList();
            if (json()) {
                ObjectNode o = Json.object();
                o.put("scope", scope().name());
                o.put("count", entries.size());
                ArrayNode keys = o.putArray("keys");
                for (SecretMetadata m : entries) {
                    ObjectNode k = keys.addObject();
                    k.put("key", m.key());
                    k.put("version", m.version());
                    k.put(
                            "updatedAt",
                            m.updatedAt() == null ? null : m.updatedAt().toString());
                }
                printJson(o);
            } else {
                entries.forEach(m -> env.out().println(m.key()));
            }
            return ExitCode.OK;
        }
    }
}
