package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SignedPayload;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "sign",
        description = {
            "Sign a payload (a file, or stdin) with the provider's key for a purpose; prints the signature.",
            "Backends without native signing use HMAC-SHA256 with the secret signing-keys/<purpose>."
        },
        footerHeading = "%nExample:%n",
        footer = {"  secrets sign --purpose cli-bridge --file request.json > request.sig"})
final class SignCommand extends ProviderCommand {
    @Option(names = "--purpose", paramLabel = "PURPOSE", required = true, description = "for example cli-bridge")
    String purpose;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "The payload (default: stdin; '-' is stdin).")
    String file;

    SignCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        SecretPurpose p = SecretPurpose.of(purpose);
        byte[] payload = Input.payload(env, file);
        try (SecretProvider provider = openProvider()) {
            SignedPayload signed = provider.sign(payload, p);
            if (json()) {
                ObjectNode o = Json.object();
                o.put("purpose", p.name());
                o.put("signature", signed.signature());
                o.put("algorithm", signed.algorithm());
                ObjectNode m = o.putObject("metadata");
                new TreeMap<>(signed.metadata()).forEach(m::put);
                printJson(o);
            } else {
                env.out().println(signed.signature());
            }
            return ExitCode.OK;
        }
    }
}
