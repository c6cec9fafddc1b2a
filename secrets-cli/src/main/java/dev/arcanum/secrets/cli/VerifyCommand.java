package dev.arcanum.secrets.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretPurpose;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "verify",
        description =
                "Check a signature over a payload (a file, or stdin): exit 0 and 'valid', or exit 1 and 'invalid'.",
        footerHeading = "%nExample:%n",
        footer = {"  secrets verify --purpose cli-bridge --file request.json --signature \"$(cat request.sig)\""})
final class VerifyCommand extends ProviderCommand {
    @Option(names = "--purpose", paramLabel = "PURPOSE", required = true, description = "for example cli-bridge")
    String purpose;

    @Option(names = "--signature", paramLabel = "SIG", required = true, description = "as printed by 'secrets sign'")
    String signature;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "The payload (default: stdin; '-' is stdin).")
    String file;

    VerifyCommand(CliEnvironment env) {
        super(env);
    }

    @Override
    public Integer call() {
        SecretPurpose p = SecretPurpose.of(purpose);
        byte[] payload = Input.payload(env, file);
        boolean valid;
        try (SecretProvider provider = openProvider()) {
            valid = provider.verify(payload, signature.strip(), p);
        }
        if (json()) {
            ObjectNode o = Json.object();
            o.put("purpose", p.name());
            o.put("valid", valid);
            printJson(o);
        } else {
            env.out().println(valid ? "valid" : "invalid");
        }
        return valid ? ExitCode.OK : ExitCode.NOT_FOUND;
    }
}
