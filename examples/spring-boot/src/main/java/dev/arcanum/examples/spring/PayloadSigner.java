package dev.arcanum.examples.spring;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretPurpose;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/** Signs outgoing payloads with the store's key for {@link SecretPurpose#SERVICE_ACCOUNT_ISSUANCE}. */
@Component
public class PayloadSigner {
    private final SecretProvider secrets;

    public PayloadSigner(SecretProvider secrets) {
        this.secrets = secrets;
    }

    public String sign(String payload) {
        return secrets.sign(payload.getBytes(StandardCharsets.UTF_8), SecretPurpose.SERVICE_ACCOUNT_ISSUANCE)
                .signature();
    }

    public boolean verify(String payload, String signature) {
        return secrets.verify(
                payload.getBytes(StandardCharsets.UTF_8), signature, SecretPurpose.SERVICE_ACCOUNT_ISSUANCE);
    }
}
