package dev.arcanum.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import dev.arcanum.secrets.test.LeakDetector;
import dev.arcanum.secrets.vault.fake.VaultFake;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class VaultTransitTest {
    private static final byte[] PAYLOAD = "issue a service account token".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    private VaultFake fake;
    private VaultTestSupport support;
    private VaultSecretProvider vault;

    @BeforeEach
    void start() {
        fake = VaultFake.start(VaultFake.Options.defaults());
        support = new VaultTestSupport(fake);
        leaks.watch(fake.rootToken());
    }

    @AfterEach
    void stop() {
        if (vault != null) {
            vault.close();
        }
        fake.close();
    }

    @Test
    void hmacSignaturesKeepVaultsPrefixAndKeyVersion() {
        fake.createTransitKey("cli", "aes256-gcm96");
        vault = support.with("secrets.vault.transit.key", "cli").provider();

        SignedPayload signed = vault.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE);

        assertThat(signed.signature()).startsWith("vault:v1:");
        assertThat(signed.algorithm()).isEqualTo("vault-transit-hmac-sha2-256");
        assertThat(signed.metadata())
                .containsEntry(SignedPayload.KEY_VERSION, "1")
                .containsEntry("vault.transit.key", "cli");
        assertThat(vault.verify(PAYLOAD, signed.signature(), SecretPurpose.CLI_BRIDGE))
                .isTrue();
        assertThat(fake.count("POST", "/v1/transit/hmac/cli")).isEqualTo(1);
        assertThat(fake.count("POST", "/v1/transit/verify/cli")).isEqualTo(1);
    }

    @Test
    void aWrongSignatureIsFalseNotAnError() {
        fake.createTransitKey("cli", "aes256-gcm96");
        vault = support.with("secrets.vault.transit.key", "cli").provider();
        String sig = vault.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE).signature();

        assertThat(vault.verify("other".getBytes(StandardCharsets.UTF_8), sig, SecretPurpose.CLI_BRIDGE))
                .isFalse();
        assertThat(vault.verify(PAYLOAD, "vault:v9:" + sig.substring(9), SecretPurpose.CLI_BRIDGE))
                .isFalse();
        assertThat(vault.verify(PAYLOAD, "not-a-signature", SecretPurpose.CLI_BRIDGE))
                .isFalse();
        // The malformed one is refused locally; the other two asked Vault (a 400 "version is too new" is false).
        assertThat(fake.count("POST", "/v1/transit/verify/cli")).isEqualTo(2);
    }

    @Test
    void signaturesOfThePreviousKeyVersionStillVerifyAfterRotation() {
        fake.createTransitKey("cli", "aes256-gcm96");
        vault = support.with("secrets.vault.transit.key", "cli").provider();
        SignedPayload before = vault.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE);

        fake.rotateTransitKey("cli");
        SignedPayload after = vault.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE);

        assertThat(after.signature()).startsWith("vault:v2:");
        assertThat(after.metadata()).containsEntry(SignedPayload.KEY_VERSION, "2");
        assertThat(vault.verify(PAYLOAD, before.signature(), SecretPurpose.CLI_BRIDGE))
                .isTrue();
        assertThat(vault.verify(PAYLOAD, after.signature(), SecretPurpose.CLI_BRIDGE))
                .isTrue();
    }

    @Test
    void asymmetricKeysSignThroughTransitSign() {
        fake.createTransitKey("issuer", "ed25519");
        vault = support.with("secrets.vault.transit.key.service-account-issuance", "issuer")
                .with("secrets.vault.transit.mode.service-account-issuance", "sign")
                .provider();

        SignedPayload signed = vault.sign(PAYLOAD, SecretPurpose.SERVICE_ACCOUNT_ISSUANCE);

        assertThat(signed.signature()).startsWith("vault:v1:");
        assertThat(signed.algorithm()).isEqualTo("vault-transit-sign-sha2-256");
        assertThat(signed.metadata()).containsEntry(SignedPayload.KEY_VERSION, "1");
        assertThat(vault.verify(PAYLOAD, signed.signature(), SecretPurpose.SERVICE_ACCOUNT_ISSUANCE))
                .isTrue();
        assertThat(vault.verify(
                        "x".getBytes(StandardCharsets.UTF_8),
                        signed.signature(),
                        SecretPurpose.SERVICE_ACCOUNT_ISSUANCE))
                .isFalse();
        assertThat(fake.count("POST", "/v1/transit/sign/issuer")).isEqualTo(1);
    }

    @Test
    void withoutATransitKeyTheCoreHmacSignerUsesAKvSecret() {
        vault = support.provider();

        SignedPayload signed = vault.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE);

        assertThat(signed.signature()).startsWith(HmacSecretSigner.SCHEME + ":1:");
        assertThat(fake.kv2Data("secret", "signing-keys/cli-bridge")).containsOnlyKeys("value");
        leaks.watch((String) fake.kv2Data("secret", "signing-keys/cli-bridge").get("value"));
        assertThat(vault.verify(PAYLOAD, signed.signature(), SecretPurpose.CLI_BRIDGE))
                .isTrue();
        assertThat(fake.requests()).noneMatch(r -> r.path().startsWith("/v1/transit/"));
    }

    @Test
    void signingWithAMissingKeyNamesTheKeyAndPath() {
        vault = support.with("secrets.vault.transit.key", "absent").provider();

        assertThatThrownBy(() -> vault.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE))
                .isExactlyInstanceOf(SecretException.class)
                .hasMessage("Vault Transit could not sign with key 'absent' (POST transit/hmac/absent, HTTP 400);"
                        + " check that the key exists, supports HMAC and the token may use transit/hmac/absent");
    }

    @Test
    void aBadPerPurposeModeIsAConfigurationError() {
        fake.createTransitKey("cli", "aes256-gcm96");
        vault = support.with("secrets.vault.transit.key", "cli")
                .with("secrets.vault.transit.mode.cli-bridge", "rsa")
                .provider();

        assertThatThrownBy(() -> vault.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'vault': secrets.vault.transit.mode.cli-bridge is 'rsa': expected hmac or sign");
        assertThat(fake.requests()).isEmpty();
    }
}
