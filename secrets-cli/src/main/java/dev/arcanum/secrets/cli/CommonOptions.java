package dev.arcanum.secrets.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags every command takes. */
final class CommonOptions {
    @Option(
            names = "--provider",
            paramLabel = "NAME",
            description = "Backend to use, by name or alias (default: SECRETS_PROVIDER, else local).")
    String provider;

    @Option(
            names = "--scope",
            paramLabel = "SCOPE",
            defaultValue = "default",
            description = "Scope of the key (default: ${DEFAULT-VALUE}).")
    String scope;

    @Option(names = "--json", description = "Print one JSON document on stdout (shapes in docs/cli.md).")
    boolean json;

    @Option(
            names = {"-s", "--setting"},
            paramLabel = "NAME=VALUE",
            description = "A setting in either spelling (secrets.local.path or SECRETS_LOCAL_PATH); repeatable;"
                    + " wins over system properties and the environment.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--debug", description = "Print stack traces of errors on stderr.")
    boolean debug;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
