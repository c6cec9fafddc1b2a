package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.local.DotenvParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "import",
        description = {
            "Write every entry of a .env file into the store, in one bulk call.",
            "Prints 'created N, updated M' and the key names, never values. A malformed line is named by its",
            "number and nothing is written."
        },
        footerHeading = "%nExample:%n",
        footer = {"  secrets import .env --dry-run", "  secrets import .env --prefix app/"})
final class ImportCommand extends ProviderCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .env file")
    String file;

    @Option(names = "--dry-run", description = "Show what would change; write nothing.")
    boolean dryRun;

    @Option(
            names = "--prefix",
            paramLabel = "PREFIX",
            description = "Put this in front of every name, for example app/.")
    String prefix = "";

    ImportCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        String text = new String(Input.readFile(env.resolve(file), file), StandardCharsets.UTF_8);
        List<DotenvParser.Entry> entries;
        try {
            entries = DotenvParser.parse(text, file);
        } catch (DotenvParser.DotenvSyntaxException e) {
            throw new CommandFailedException(ExitCode.USAGE, e.getMessage() + "; nothing was written");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (DotenvParser.Entry e : entries) {
            String key = prefix + e.name();
            try {
                SecretKey k = SecretKey.parse(key);
                if (k.fieldOrNull() != null) {
                    throw new InvalidSecretKeyException("Invalid key '" + key + "': '#' is not allowed here");
                }
            } catch (InvalidSecretKeyException ex) {
                throw new CommandFailedException(
                        ExitCode.USAGE, file + " line " + e.line() + ": " + ex.getMessage() + "; nothing was written");
            }
            values.put(key, e.value());
        }
        try (SecretStore store = openStore("import secrets")) {
            List<String> created = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            if (dryRun) {
                for (String key : values.keySet()) {
                    (store.exists(key, scope()) ? updated : created).add(key);
                }
            } else if (!values.isEmpty()) {
                BulkResult r = store.putAll(values, scope());
                created.addAll(r.created());
                updated.addAll(r.updated());
            }
            if (json()) {
                ObjectNode o = Json.object();
                o.put("file", file);
                o.put("scope", scope().name());
                o.put("dryRun", dryRun);
                o.put("createdCount", created.size());
                o.put("updatedCount", updated.size());
                o.set("created", Json.array(created));
                o.set("updated", Json.array(updated));
                printJson(o);
            } else {
                String verb = dryRun ? "would be " : "";
                say("created " + created.size() + ", updated " + updated.size()
                        + (dryRun ? " (dry run: nothing written)" : ""));
                created.forEach(k -> say("  " + verb + "created " + k));
                updated.forEach(k -> say("  " + verb + "updated " + k));
            }
            return ExitCode.OK;
        }
    }
}
