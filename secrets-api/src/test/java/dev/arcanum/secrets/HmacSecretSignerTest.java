package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import dev.arcanum.secrets.spi.PreviousVersionLookup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HmacSecretSignerTest {
    private static final byte[] PAYLOAD = "{\"sub\":\"svc-1\"}".getBytes(StandardCharsets.UTF_8);
    private static final String KEY_V1 = "k1-0123456789abcdef0123456789abcdef";
    private static final String KEY_V2 = "k2-0123456789abcdef0123456789abcdef";
    private static final String KEY_V3 = "k3-0123456789abcdef0123456789abcdef";

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    @Test
    void createsAKeyOnFirstUseAndRoundTrips() {
        MapSecretStore store = new MapSecretStore();
        HmacSecretSigner signer = new HmacSecretSigner(store);
        SignedPayload signed = signer.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE);
        assertThat(signed.signature()).startsWith("hmac-sha256:1:");
        assertThat(signed.algorithm()).isEqualTo("HmacSHA256");
        assertThat(signed.metadata()).containsEntry("key_version", "1").containsEntry("key", "signing-keys/cli-bridge");
        assertThat(store.exists("signing-keys/cli-bridge")).isTrue();
        assertThat(signer.verify(PAYLOAD, signed.signature(), SecretPurpose.CLI_BRIDGE))
                .isTrue();
    }

    @Test
    void rejectsTamperingWrongPurposeAndGarbageWithoutThrowing() {
        MapSecretStore store = new MapSecretStore();
        HmacSecretSigner signer = new HmacSecretSigner(store);
        String sig = signer.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE).signature();
        byte[] tampered = PAYLOAD.clone();
        tampered[0] ^= 1;
        assertThat(signer.verify(tampered, sig, SecretPurpose.CLI_BRIDGE)).isFalse();
        char last = sig.charAt(sig.length() - 1);
        String flipped = sig.substring(0, sig.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(signer.verify(PAYLOAD, flipped, SecretPurpose.CLI_BRIDGE)).isFalse();
        assertThat(signer.verify(PAYLOAD, sig, SecretPurpose.SERVICE_ACCOUNT_ISSUANCE))
                .isFalse();
        assertThat(signer.verify(PAYLOAD, "hmac-sha256:1:!!!", SecretPurpose.CLI_BRIDGE))
                .isFalse();
        assertThat(signer.verify(PAYLOAD, "vault:v1:abc", SecretPurpose.CLI_BRIDGE))
                .isFalse();
        assertThat(signer.verify(PAYLOAD, "", SecretPurpose.CLI_BRIDGE)).isFalse();
        assertThat(signer.verify(PAYLOAD, null, SecretPurpose.CLI_BRIDGE)).isFalse();
    }

    @Test
    void verifyAcceptsCurrentAndPreviousKeyVersionButNotOlder() {
        MapSecretStore store = new MapSecretStore();
        store.put("signing-keys/cli-bridge", KEY_V1);
        HmacSecretSigner signer =
                new HmacSecretSigner(store, PreviousVersionLookup.numeric(), Duration.ofSeconds(30), ticker);
        String signedWithV1 = signer.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE).signature();

        store.put("signing-keys/cli-bridge", KEY_V2);
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        String signedWithV2 = signer.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE).signature();
        assertThat(signedWithV2).startsWith("hmac-sha256:2:");
        assertThat(signer.verify(PAYLOAD, signedWithV1, SecretPurpose.CLI_BRIDGE))
                .isTrue();
        assertThat(signer.verify(PAYLOAD, signedWithV2, SecretPurpose.CLI_BRIDGE))
                .isTrue();

        store.put("signing-keys/cli-bridge", KEY_V3);
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        assertThat(signer.verify(PAYLOAD, signedWithV2, SecretPurpose.CLI_BRIDGE))
                .isTrue();
        assertThat(signer.verify(PAYLOAD, signedWithV1, SecretPurpose.CLI_BRIDGE))
                .isFalse();
    }

    @Test
    void aSignatureFromAKeyRotatedInByAnotherProcessIsVerifiedAfterOneFreshRead() {
        MapSecretStore store = new MapSecretStore();
        store.put("signing-keys/cli-bridge", KEY_V1);
        HmacSecretSigner here =
                new HmacSecretSigner(store, PreviousVersionLookup.numeric(), Duration.ofHours(1), ticker);
        here.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE);
        store.put("signing-keys/cli-bridge", KEY_V2);
        String fromElsewhere = new HmacSecretSigner(store)
                .sign(PAYLOAD, SecretPurpose.CLI_BRIDGE)
                .signature();
        assertThat(here.verify(PAYLOAD, fromElsewhere, SecretPurpose.CLI_BRIDGE))
                .isTrue();
    }

    @Test
    void shortKeysAreRefusedWithoutShowingThem() {
        MapSecretStore store = new MapSecretStore();
        store.put("signing-keys/cli-bridge", "short-key-xyz");
        assertThatThrownBy(() -> new HmacSecretSigner(store).sign(PAYLOAD, SecretPurpose.CLI_BRIDGE))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Signing key 'signing-keys/cli-bridge' is shorter than 32 bytes; store a longer random key")
                .message()
                .doesNotContain("short-key-xyz");
    }

    @Test
    void aProviderThatCannotStoreAKeyExplainsHowToAddOne() {
        SecretProvider readOnly = new MapSecretStore() {
            @Override
            public boolean putIfAbsent(String key, String value, SecretScope scope) {
                throw new ReadOnlyStoreException("read-only");
            }
        };
        assertThatThrownBy(() -> new HmacSecretSigner(readOnly).sign(PAYLOAD, SecretPurpose.CLI_BRIDGE))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("No signing key 'signing-keys/cli-bridge' and the store is read-only; store one (at least"
                        + " 32 random bytes, for example the output of 'openssl rand -base64 32') under that key");
        assertThat(new HmacSecretSigner(readOnly).verify(PAYLOAD, "hmac-sha256:1:AAAA", SecretPurpose.CLI_BRIDGE))
                .isFalse();
    }

    @Test
    void cachesTheCurrentKeyForItsTtl() {
        MapSecretStore store = new MapSecretStore();
        store.put("signing-keys/cli-bridge", KEY_V1);
        HmacSecretSigner signer =
                new HmacSecretSigner(store, PreviousVersionLookup.numeric(), Duration.ofSeconds(30), ticker);
        for (int i = 0; i < 10; i++) {
            signer.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE);
        }
        assertThat(store.reads.get()).isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        signer.sign(PAYLOAD, SecretPurpose.CLI_BRIDGE);
        assertThat(store.reads.get()).isEqualTo(2);
    }
}
