package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretPush;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.local.DotenvParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "push",
        description = {
            "Pre-publish step of an integration upload: write every secret it needs to a target store.",
            "Collects the KV_* entries of a .env file (KV_SECRETS_CLIENT_SECRET -> secrets/client-secret; a value",
            "that is itself kv://... is resolved from the source first) and every kv:// reference of a JSON",
            "payload that the .env does not supply (resolved from the source), then writes them all to the",
            "target in one bulk call. Prints counts and key names only. An unresolved reference is skipped with",
            "a warning; a target answering 401/403 is a warning and exit 0 — unless --strict."
        },
        footerHeading = "%nExample:%n",
        footer = {"  secrets push --env-file .env --payload integration.json --from local --to vault"})
final class PushCommand extends ProviderCommand {
    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            description = "The .env file with KV_* entries (default: .env when it exists).")
    String envFile;

    @Option(names = "--payload", paramLabel = "FILE", description = "A JSON payload to scan for kv:// references.")
    String payloadFile;

    @Option(
            names = "--from",
            paramLabel = "NAME",
            description = "Provider that resolves references (default: the selected provider).")
    String from;

    @Option(names = "--to", paramLabel = "NAME", required = true, description = "Provider to write to.")
    String to;

    @Option(names = "--strict", description = "Fail on an unresolved reference (exit 1) or a refused write (exit 4).")
    boolean strict;

    PushCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        Map<String, String> entries = readEnvFile();
        JsonNode payload = readPayload();
        if (entries.isEmpty() && payload == null) {
            throw new CommandFailedException(
                    ExitCode.USAGE, "nothing to push: give --env-file, --payload, or run where a .env file exists");
        }
        String sourceName = from != null ? from : selectedProvider();
        try (SecretProvider source =
                        SecretProviders.builder().config(config(sourceName)).build();
                SecretStore target = openTarget()) {
            SecretPush.Result r = SecretPush.builder()
                    .environment(entries)
                    .payload(payload)
                    .source(source)
                    .sourceScope(scope())
                    .target(target)
                    .targetScope(scope())
                    .strict(strict)
                    .build()
                    .run();
            r.warnings().forEach(this::warn);
            if (json()) {
                ObjectNode o = Json.object();
                o.put("from", source.name());
                o.put("to", target.name());
                o.put("scope", scope().name());
                o.put("accessDenied", r.accessDenied());
                o.set("written", Json.array(r.written()));
                o.set("created", Json.array(r.created()));
                o.set("updated", Json.array(r.updated()));
                o.set("fromEnvironment", Json.array(r.fromEnvironment()));
                o.set("fromPayload", Json.array(r.fromPayload()));
                o.set("unresolved", Json.array(r.unresolved()));
                o.set("warnings", Json.array(r.warnings()));
                printJson(o);
            } else {
                say("pushed " + r.written().size() + " to " + target.name() + ": created "
                        + r.created().size() + ", updated " + r.updated().size() + ", unresolved "
                        + r.unresolved().size());
                r.written().forEach(k -> say("  " + k));
            }
            return ExitCode.OK;
        }
    }

    private SecretStore openTarget() {
        SecretProvider p = SecretProviders.builder().config(config(to)).build();
        if (p instanceof SecretStore) {
            return (SecretStore) p;
        }
        String name = p.name();
        p.close();
        throw new CommandFailedException(
                ExitCode.USAGE, "provider '" + name + "' is read-only and cannot be a push target");
    }

    private Map<String, String> readEnvFile() {
        String shown = envFile;
        if (shown == null) {
            if (!Files.isRegularFile(env.resolve(".env"))) {
                return Map.of();
            }
            shown = ".env";
        }
        String text = new String(Input.readFile(env.resolve(shown), shown), StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        try {
            DotenvParser.parse(text, shown).forEach(e -> out.put(e.name(), e.value()));
        } catch (DotenvParser.DotenvSyntaxException e) {
            throw new CommandFailedException(ExitCode.USAGE, e.getMessage() + "; nothing was pushed");
        }
        return out;
    }

    private JsonNode readPayload() {
        if (payloadFile == null) {
            return null;
        }
        byte[] bytes = Input.readFile(env.resolve(payloadFile), payloadFile);
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending text, which may be a value: only the position.
            throw new CommandFailedException(
                    ExitCode.USAGE,
                    payloadFile + " is not valid JSON (line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ", column "
                            + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ")");
        } catch (java.io.IOException e) {
            throw new CommandFailedException(ExitCode.USAGE, "cannot read " + payloadFile);
        }
    }
}
