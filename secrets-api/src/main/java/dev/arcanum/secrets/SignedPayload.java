package dev.arcanum.secrets;

import java.util.Map;
import java.util.Objects;

/**
 * The result of {@link SecretProvider#sign}: the signature text, the algorithm that made it and
 * metadata such as the key version ({@code key_version}) and the key name. Nothing here is secret.
 *
 * @param signature the signature as {@link SecretProvider#verify} takes it back, for example
 *     {@code hmac-sha256:v3:…} or Vault's {@code vault:v1:…}
 * @param algorithm the algorithm, for example {@code HmacSHA256} or {@code transit/hmac/sha2-256}
 * @param metadata key version and other non-secret facts; never null
 */
public record SignedPayload(String signature, String algorithm, Map<String, String> metadata) {
    /** Metadata key holding the version of the signing key. */
    public static final String KEY_VERSION = "key_version";

    /**
     * Validates and copies.
     *
     * @param signature see the record component
     * @param algorithm see the record component
     * @param metadata see the record component
     */
    public SignedPayload {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(algorithm, "algorithm");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
