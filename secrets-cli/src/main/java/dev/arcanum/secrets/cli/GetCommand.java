package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "get",
        description = "Print a secret's value on stdout, and nothing else.",
        footerHeading = "%nExample:%n",
        footer = {"  secrets get prod/db#password", "  DB_PASSWORD=\"$(secrets get prod/db#password)\""})
final class GetCommand extends ProviderCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "name or path/to/name, optionally #field")
    String key;

    @Option(names = "--version", paramLabel = "V", description = "Read this version instead of the latest.")
    String version;

    @Option(
            names = {"-n", "--no-newline"},
            description = "Do not print a newline after the value.")
    boolean noNewline;

    GetCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        SecretKey.parse(key);
        try (SecretProvider p = openProvider()) {
            Secret s = version == null ? p.get(key, scope()) : p.getVersion(key, version, scope());
            if (json()) {
                ObjectNode o = Json.object();
                o.put("key", key);
                o.put("scope", scope().name());
                o.put("version", s.version());
                o.put("value", s.value());
                printJson(o);
            } else {
                env.out().print(s.value());
                if (!noNewline) {
                    env.out().println();
                }
                env.out().flush();
            }
            return ExitCode.OK;
        }
    }
}
