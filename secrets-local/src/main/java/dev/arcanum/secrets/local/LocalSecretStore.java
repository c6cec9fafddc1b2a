package dev.arcanum.secrets.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretProviderHealth;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} provider: an encrypted file store, the embedded default.
 *
 * <p>The whole store (every scope, key and kept version with its timestamps) is one JSON document,
 * encrypted with AES-256-GCM as described in {@link StoreCipher}. Every write is a transaction:
 * take the in-process lock and an exclusive lock on the sibling {@code <store>.lock} file, re-read
 * and decrypt the current file (another process may have written it), apply the change, write a
 * new file next to the store, {@code fsync} it, rename it over the store ({@code ATOMIC_MOVE}),
 * {@code fsync} the directory, release the locks. A crash at any point leaves either the old or the
 * new file; a file that cannot be decrypted stops the write before anything is written.
 *
 * <p>Reads use a decrypted snapshot, reloaded when the file's identity, size, modification time or
 * header nonce changes (the nonce is fresh on every write, so a change is seen even where
 * timestamps are coarse and inode numbers are reused).
 *
 * <p>Thread-safe, and safe across processes sharing the file.
 */
final class LocalSecretStore extends VersionedStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSecretStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    // FileChannel.lock is per process: two threads (or two stores) of one JVM must queue here first.
    private static final Map<Path, ReentrantLock> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final LocalKey key;
    private volatile Snapshot snapshot;

    /**
     * @param file the store file
     * @param key where the key comes from
     * @param maxVersions versions kept per key
     * @param clock for timestamps
     */
    LocalSecretStore(Path file, LocalKey key, int maxVersions, Clock clock) {
        super(clock, maxVersions);
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public String name() {
        return LocalSecretProviderFactory.NAME;
    }

    Path file() {
        return file;
    }

    /** A decrypted store and the stamp of the file it came from; never modified once built. */
    private static final class Snapshot {
        final Object stamp;
        final VersionedEntries entries;

        Snapshot(Object stamp, VersionedEntries entries) {
            this.stamp = stamp;
            this.entries = entries;
        }
    }

    /** What identifies one version of the file; null fields for an absent file. */
    private record Stamp(Object fileKey, FileTime modified, long size, ByteBuffer nonce) {}

    @Override
    <R> R read(Function<VersionedEntries, R> reader) {
        countEntryAccess();
        return reader.apply(current().entries);
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return s != null && s.stamp == null ? s : (snapshot = new Snapshot(null, new VersionedEntries()));
        } catch (IOException e) {
            throw cannotRead(e);
        }
        if (s != null && s.stamp instanceof Stamp) {
            Stamp old = (Stamp) s.stamp;
            if (Objects.equals(old.fileKey(), attributes.fileKey())
                    && old.modified().equals(attributes.lastModifiedTime())
                    && old.size() == attributes.size()
                    && old.nonce().equals(readNonce())) {
                return s;
            }
        }
        Snapshot fresh = load();
        snapshot = fresh;
        return fresh;
    }

    private ByteBuffer readNonce() {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer header = ByteBuffer.allocate(StoreCipher.HEADER_BYTES);
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // keep reading
            }
            return header.hasRemaining() ? ByteBuffer.allocate(0) : StoreCipher.nonceOf(header.array());
        } catch (NoSuchFileException e) {
            return ByteBuffer.allocate(0);
        } catch (IOException e) {
            throw cannotRead(e);
        }
    }

    /** Reads and decrypts the file as it is now; an absent file is an empty store. */
    private Snapshot load() {
        byte[] bytes;
        BasicFileAttributes attributes;
        // One open file: the attributes and the bytes belong to the same inode even if a writer renames meanwhile.
        try (FileChannel ch = FileChannel.open(file)) {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 64) {
                throw new SecretConfigurationException("Local store " + file + " is too large to be a store");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // keep reading
            }
            bytes = Arrays.copyOf(buf.array(), buf.position());
        } catch (NoSuchFileException e) {
            return new Snapshot(null, new VersionedEntries());
        } catch (IOException e) {
            throw cannotRead(e);
        }
        StoreCipher.checkHeader(file, bytes);
        byte[] plaintext = new StoreCipher(key.forExistingStore(file)).decrypt(file, bytes);
        try {
            JsonNode root = JSON.readTree(plaintext);
            VersionedEntries entries = VersionedEntries.fromJson(root);
            Stamp stamp = new Stamp(
                    attributes.fileKey(), attributes.lastModifiedTime(), bytes.length, StoreCipher.nonceOf(bytes));
            return new Snapshot(stamp, entries);
        } catch (IOException | IllegalArgumentException e) {
            // Authenticated yet unreadable: written by an incompatible library. Never echo the content.
            throw StoreCipher.unreadable(file, "the decrypted document is not a valid store (" + describe(e) + ")");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static String describe(Exception e) {
        return e instanceof JsonProcessingException ? "malformed JSON" : e.getMessage();
    }

    @Override
    <R> R update(Function<VersionedEntries, R> writer) {
        countEntryAccess();
        ReentrantLock inProcess = IN_PROCESS_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        inProcess.lock();
        try {
            PrivateFiles.createDirectories(file.getParent());
            try (FileChannel lockChannel = PrivateFiles.openForWriting(lockFile, false);
                    FileLock ignored = lockChannel.lock()) {
                removeStaleTemporaryFiles();
                Snapshot before = load();
                VersionedEntries entries = before.entries;
                int modifications = entries.modifications();
                R result = writer.apply(entries);
                if (entries.modifications() != modifications) {
                    byte[] k = before.stamp == null ? key.forNewStore() : key.forExistingStore(file);
                    byte[] written = replaceFile(new StoreCipher(k), entries);
                    // Still under the lock, so the file is the one just written: no need to decrypt it again.
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                    snapshot = new Snapshot(
                            new Stamp(a.fileKey(), a.lastModifiedTime(), a.size(), StoreCipher.nonceOf(written)),
                            entries);
                } else {
                    snapshot = before;
                }
                return result;
            }
        } catch (IOException e) {
            throw new SecretException("Cannot write local store " + file + ": " + e, e);
        } finally {
            inProcess.unlock();
        }
    }

    private byte[] replaceFile(StoreCipher cipher, VersionedEntries entries) throws IOException {
        byte[] plaintext = JSON.writeValueAsBytes(entries.toJson(JSON));
        byte[] encrypted;
        try {
            encrypted = cipher.encrypt(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        Path tmp = file.resolveSibling(temporaryName());
        try {
            try (FileChannel ch = PrivateFiles.openForWriting(tmp, true)) {
                ByteBuffer buf = ByteBuffer.wrap(encrypted);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        PrivateFiles.fsyncDirectory(file.getParent());
        return encrypted;
    }

    private String temporaryName() {
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        return file.getFileName() + "." + HexFormat.of().formatHex(r) + ".tmp";
    }

    /**
     * Only a writer holding the lock creates temporary files, so any found while holding it is left
     * over from a writer that crashed before its rename.
     */
    private void removeStaleTemporaryFiles() {
        String glob = file.getFileName().toString().replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1") + ".*.tmp";
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(file.getParent(), glob)) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
                LOG.debug("Removed temporary file {} left by an interrupted write", p);
            }
        } catch (IOException e) {
            LOG.debug("Cannot clean temporary files next to {}", file, e);
        }
    }

    private SecretException cannotRead(IOException e) {
        return new SecretException("Cannot read local store " + file + ": " + e, e);
    }

    /**
     * Decrypts the store if it exists. Never throws.
     *
     * @return healthy with the path, key source and number of secrets; unavailable with the reason
     */
    @Override
    public SecretProviderHealth healthCheck() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("path", file.toString());
        details.put("key", key.source());
        try {
            Snapshot s = current();
            details.put("secrets", s.entries.size());
            return SecretProviderHealth.healthy(
                    s.stamp == null
                            ? "local store not created yet; the first write creates it"
                            : "local store readable",
                    details);
        } catch (RuntimeException e) {
            return SecretProviderHealth.unavailable(e.getMessage(), details);
        }
    }

    /**
     * @return the path; never a value or the key
     */
    @Override
    public String toString() {
        return "LocalSecretStore{path=" + file + ", key=" + key.source() + "}";
    }
}
