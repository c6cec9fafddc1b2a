package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretConfigurationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The binary format of the {@code local} store file: a plain header, then the AES-256-GCM
 * encryption of the whole store document.
 *
 * <pre>
 * offset size  field
 *      0    8  magic "ARCNMSEC"
 *      8    1  file format version (1)
 *      9    1  cipher id (1 = AES-256-GCM, 128-bit tag)
 *     10   12  nonce, fresh from SecureRandom on every write
 *     22    …  ciphertext of the UTF-8 JSON document, followed by the 16-byte GCM tag
 * </pre>
 *
 * The whole 22-byte header is the GCM additional authenticated data, so changing the version, the
 * cipher id or the nonce is detected like any change to the ciphertext. Thread-safe.
 */
final class StoreCipher {
    static final byte[] MAGIC = "ARCNMSEC".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int CIPHER_AES_256_GCM = 1;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int HEADER_BYTES = MAGIC.length + 2 + NONCE_BYTES;
    static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    StoreCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the key must be " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * @param plaintext the document; not kept
     * @return header and ciphertext, ready to be written
     */
    byte[] encrypt(byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] header = header(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            byte[] out = new byte[HEADER_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(header, 0, out, 0, HEADER_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    /**
     * @param file the file the bytes came from, for messages
     * @param bytes the whole file
     * @return the document
     * @throws SecretConfigurationException if the file is not a store, has an unknown format, is
     *     truncated, or fails authentication (wrong key or tampered file)
     */
    byte[] decrypt(Path file, byte[] bytes) {
        checkHeader(file, bytes);
        if (bytes.length < HEADER_BYTES + TAG_BITS / 8) {
            throw unreadable(file, "the file is truncated");
        }
        byte[] nonce = Arrays.copyOfRange(bytes, MAGIC.length + 2, HEADER_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(bytes, 0, HEADER_BYTES);
            return cipher.doFinal(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw unreadable(file, "wrong key or tampered file");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    /**
     * @param bytes the start of a file, at least {@link #HEADER_BYTES} long
     * @return the nonce, which identifies one write of the file
     */
    static ByteBuffer nonceOf(byte[] bytes) {
        return ByteBuffer.wrap(Arrays.copyOfRange(bytes, MAGIC.length + 2, HEADER_BYTES));
    }

    static void checkHeader(Path file, byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw unreadable(file, "the file is truncated or is not an Arcanum Secrets store");
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw unreadable(file, "the file is not an Arcanum Secrets store");
        }
        int version = bytes[MAGIC.length] & 0xff;
        if (version != FORMAT_VERSION) {
            throw unreadable(
                    file,
                    "the file has format version " + version + " and this library reads version " + FORMAT_VERSION
                            + " (a newer library wrote it?)");
        }
        int cipherId = bytes[MAGIC.length + 1] & 0xff;
        if (cipherId != CIPHER_AES_256_GCM) {
            throw unreadable(file, "the file uses unknown cipher id " + cipherId);
        }
    }

    static SecretConfigurationException unreadable(Path file, String why) {
        return new SecretConfigurationException("Cannot decrypt local store " + file + ": " + why
                + ". The file was left untouched; check secrets.local.key (SECRETS_LOCAL_KEY) or"
                + " secrets.local.key-file, or restore the file from a backup");
    }

    private static byte[] header(byte[] nonce) {
        byte[] h = new byte[HEADER_BYTES];
        System.arraycopy(MAGIC, 0, h, 0, MAGIC.length);
        h[MAGIC.length] = (byte) FORMAT_VERSION;
        h[MAGIC.length + 1] = (byte) CIPHER_AES_256_GCM;
        System.arraycopy(nonce, 0, h, MAGIC.length + 2, NONCE_BYTES);
        return h;
    }
}
