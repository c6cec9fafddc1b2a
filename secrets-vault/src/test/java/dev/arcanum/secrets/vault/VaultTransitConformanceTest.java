package dev.arcanum.secrets.vault;

import dev.arcanum.secrets.SecretPurpose;
import java.util.List;

/** The conformance kit with signing through Transit HMAC, one Transit key per purpose. */
class VaultTransitConformanceTest extends VaultKvV2ConformanceTest {
    @Override
    VaultTestSupport configure(VaultTestSupport support) {
        for (SecretPurpose p :
                List.of(SecretPurpose.CLI_BRIDGE, SecretPurpose.SERVICE_ACCOUNT_ISSUANCE, CUSTOM_PURPOSE)) {
            support.fake.createTransitKey("kit-" + p.name(), "aes256-gcm96");
            support.with("secrets.vault.transit.key." + p.name(), "kit-" + p.name());
        }
        return support;
    }
}
