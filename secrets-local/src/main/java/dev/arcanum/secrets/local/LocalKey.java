package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the {@code local} store's key comes from: the {@code secrets.local.key} setting, or a key
 * file holding the Base64 text of 32 random bytes, generated on the first write.
 *
 * <p>The key file is generated race-free: the key is written to a private temporary file, synced,
 * then hard-linked to the key file's name, which fails if another process got there first (and
 * then that process's key is used). So the key file always holds a whole key, and two processes
 * never end up with different keys. Thread-safe.
 */
final class LocalKey {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKey.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] explicitKey;
    private final Path keyFile;
    private volatile byte[] loaded;
    private volatile boolean warnedPermissions;

    /**
     * @param explicitKey the decoded {@code secrets.local.key}, or null to use the key file
     * @param keyFile the key file; unused when {@code explicitKey} is given
     */
    LocalKey(byte[] explicitKey, Path keyFile) {
        this.explicitKey = explicitKey == null ? null : explicitKey.clone();
        this.keyFile = keyFile;
    }

    /**
     * @return how the key is found, for messages and health details; never the key
     */
    String source() {
        return explicitKey != null
                ? LocalSecretProviderFactory.KEY.displayName()
                : "key file " + keyFile.toAbsolutePath();
    }

    Path keyFile() {
        return explicitKey != null ? null : keyFile;
    }

    /**
     * The key for an existing store: never generates one, since a new key could not read it.
     *
     * @param store the store file, for messages
     */
    byte[] forExistingStore(Path store) {
        if (explicitKey != null) {
            return explicitKey;
        }
        byte[] k = loaded;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (loaded == null) {
                loaded = readKeyFile()
                        .orElseThrow(() -> new SecretConfigurationException("Local store " + store.toAbsolutePath()
                                + " exists but its key file " + keyFile.toAbsolutePath() + " does not; restore"
                                + " the key file, point " + LocalSecretProviderFactory.KEY_FILE.displayName()
                                + " at it, or set " + LocalSecretProviderFactory.KEY.displayName()));
            }
            return loaded;
        }
    }

    /**
     * The key for a write to a store that does not exist yet: generates the key file if needed.
     */
    byte[] forNewStore() {
        if (explicitKey != null) {
            return explicitKey;
        }
        byte[] k = loaded;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (loaded == null) {
                loaded = readKeyFile().orElseGet(this::generate);
            }
            return loaded;
        }
    }

    private java.util.Optional<byte[]> readKeyFile() {
        byte[] text;
        try {
            text = Files.readAllBytes(keyFile);
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new SecretException("Cannot read key file " + keyFile.toAbsolutePath() + ": " + e, e);
        }
        try {
            warnIfReadableByOthers();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(new String(text, StandardCharsets.US_ASCII).trim());
            } catch (IllegalArgumentException e) {
                key = null;
            }
            if (key == null || key.length != StoreCipher.KEY_BYTES) {
                throw new SecretConfigurationException("Key file " + keyFile.toAbsolutePath()
                        + " is malformed: expected the Base64 text of " + StoreCipher.KEY_BYTES + " bytes");
            }
            return java.util.Optional.of(key);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    private void warnIfReadableByOthers() {
        if (warnedPermissions) {
            return;
        }
        try {
            if (PrivateFiles.readableByOthers(keyFile)) {
                warnedPermissions = true;
                LOG.warn("Key file {} can be read or written by other users; run 'chmod 600 {}'", keyFile, keyFile);
            }
        } catch (IOException e) {
            LOG.debug("Cannot read the permissions of key file {}", keyFile, e);
        }
    }

    /**
     * Writes a new key file unless one appears meanwhile, then reads the key file, which holds
     * either this process's key or the one of a process that created it first. Package-private so
     * a test can run it with the file already present, as when another process wins the race.
     */
    byte[] generate() {
        Path dir = keyFile.toAbsolutePath().getParent();
        byte[] key = new byte[StoreCipher.KEY_BYTES];
        RANDOM.nextBytes(key);
        byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path tmp = dir.resolve(keyFile.getFileName() + "." + HexFormat.of().formatHex(nonce()) + ".tmp");
        try {
            PrivateFiles.createDirectories(dir);
            try (FileChannel ch = PrivateFiles.openForWriting(tmp, true)) {
                ByteBuffer buf = ByteBuffer.wrap(text);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            boolean created;
            try {
                // link(2) never replaces: if another process created the key file first, we use its key.
                Files.createLink(keyFile.toAbsolutePath(), tmp);
                created = true;
            } catch (FileAlreadyExistsException lostTheRace) {
                created = false;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                try {
                    Files.move(tmp, keyFile.toAbsolutePath()); // no REPLACE_EXISTING: never overwrites a key
                    created = true;
                } catch (FileAlreadyExistsException lostTheRace) {
                    created = false;
                }
            }
            PrivateFiles.fsyncDirectory(dir);
            if (created) {
                LOG.info("Generated a new key for the local secret store in {}", keyFile.toAbsolutePath());
            } else {
                // Only the process whose file won says it generated the key; this one uses that key.
                LOG.debug("Key file {} was created by another process", keyFile);
            }
        } catch (IOException e) {
            throw new SecretException("Cannot create key file " + keyFile.toAbsolutePath() + ": " + e, e);
        } finally {
            Arrays.fill(text, (byte) 0);
            Arrays.fill(key, (byte) 0);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.debug("Cannot delete temporary key file {}", tmp, e);
            }
        }
        return readKeyFile()
                .orElseThrow(
                        () -> new SecretException("Key file " + keyFile.toAbsolutePath() + " vanished after creation"));
    }

    private static byte[] nonce() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
