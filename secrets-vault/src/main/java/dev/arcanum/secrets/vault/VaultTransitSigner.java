package dev.arcanum.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SignedPayload;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs and verifies through Vault's Transit engine: {@code transit/hmac/{key}} (HMAC, the default)
 * or {@code transit/sign/{key}} (asymmetric keys), and {@code transit/verify/{key}} for both.
 * Inputs are standard Base64; outputs ({@code vault:v<N>:…}) are kept as the signature text. Vault
 * verifies against the key version named in the prefix, so a rotation does not reject earlier
 * signatures (down to the key's {@code min_decryption_version}).
 *
 * <p>Follows https://developer.hashicorp.com/vault/api-docs/secret/transit (sign, verify, hmac).
 * Thread-safe.
 */
final class VaultTransitSigner {
    static final String HMAC_ALGORITHM = "vault-transit-hmac-sha2-256";
    static final String SIGN_ALGORITHM = "vault-transit-sign-sha2-256";
    private static final Pattern PREFIX = Pattern.compile("vault:v(\\d+):[A-Za-z0-9+/=_-]+");

    private final VaultClient client;
    private final String mount;

    VaultTransitSigner(VaultClient client, String mount) {
        this.client = client;
        this.mount = mount;
    }

    SignedPayload sign(byte[] payload, String key, boolean hmac) {
        ObjectNode body = VaultClient.JSON.createObjectNode();
        body.put("input", Base64.getEncoder().encodeToString(payload));
        String path = mount + (hmac ? "/hmac/" : "/sign/") + key;
        if (!hmac) {
            body.put("hash_algorithm", "sha2-256");
        }
        VaultClient.Call call = VaultClient.Call.write("POST", path, body);
        VaultClient.Response r = client.execute(call);
        JsonNode data = r.data();
        String field = hmac ? "hmac" : "signature";
        if (!r.ok() || data == null || !data.hasNonNull(field)) {
            throw new SecretException("Vault Transit could not sign with key '" + key + "' (POST " + path + ", HTTP "
                    + r.status() + "); check that the key exists, supports " + (hmac ? "HMAC" : "signing")
                    + " and the token may use " + path);
        }
        String signature = data.get(field).asText();
        Map<String, String> md = new LinkedHashMap<>();
        // The sign response carries key_version; the hmac response does not, so the prefix tells it.
        String version =
                data.hasNonNull("key_version") ? data.get("key_version").asText() : versionOf(signature);
        if (version != null) {
            md.put(SignedPayload.KEY_VERSION, version);
        }
        md.put("vault.transit.key", key);
        return new SignedPayload(signature, hmac ? HMAC_ALGORITHM : SIGN_ALGORITHM, md);
    }

    boolean verify(byte[] payload, String signature, String key, boolean hmac) {
        if (signature == null || !PREFIX.matcher(signature).matches()) {
            return false; // malformed: Vault would answer 400, the contract says false
        }
        ObjectNode body = VaultClient.JSON.createObjectNode();
        body.put("input", Base64.getEncoder().encodeToString(payload));
        body.put(hmac ? "hmac" : "signature", signature);
        if (!hmac) {
            body.put("hash_algorithm", "sha2-256");
        }
        String path = mount + "/verify/" + key;
        VaultClient.Response r = client.execute(VaultClient.Call.write("POST", path, body));
        if (r.status() == 400) {
            // e.g. "invalid HMAC: version is too new" or a signature of another key type: not valid.
            return false;
        }
        if (r.status() == 404) {
            throw new SecretException("Vault has no Transit engine at '" + mount + "' (POST " + path + ", HTTP 404)");
        }
        JsonNode data = r.data();
        return data != null && data.path("valid").asBoolean(false);
    }

    static String versionOf(String signature) {
        Matcher m = PREFIX.matcher(signature);
        return m.matches() ? m.group(1) : null;
    }
}
