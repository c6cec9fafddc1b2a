package dev.arcanum.examples.plain;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The README's quick start against the embedded local store: no server, no settings. Stores a
 * database password, reads one field of it, signs a payload and verifies it.
 */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) {
        try (SecretProvider secrets = SecretProviders.fromEnvironment()) {
            run(secrets, System.out);
        }
    }

    static void run(SecretProvider secrets, PrintStream out) {
        if (secrets instanceof SecretStore store && !store.exists("examples/db")) {
            store.put("examples/db", "{\"user\":\"app\",\"password\":\"" + java.util.UUID.randomUUID() + "\"}");
        }
        String user = secrets.get("examples/db#user").value();
        String password = secrets.get("examples/db#password").value();
        // Use the value; never print it.
        out.println("connecting as " + user + " with a password of " + password.length() + " characters");

        byte[] body = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);
        SignedPayload signed = secrets.sign(body, SecretPurpose.CLI_BRIDGE);
        out.println("signed with " + signed.algorithm() + ", key version "
                + signed.metadata().get("key_version"));
        out.println("verified: " + secrets.verify(body, signed.signature(), SecretPurpose.CLI_BRIDGE));
    }
}
