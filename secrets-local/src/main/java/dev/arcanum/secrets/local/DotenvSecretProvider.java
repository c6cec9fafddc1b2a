package dev.arcanum.secrets.local;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretException;
import dev.arcanum.secrets.SecretKey;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.spi.HmacSecretSigner;
import dev.arcanum.secrets.spi.SecretFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code dotenv} provider: reads secrets from a {@code .env} or YAML file and never writes (it
 * is a {@link SecretProvider}, not a {@link dev.arcanum.secrets.SecretStore}). The key mapping is
 * described in {@link DotenvFile}. Values carry no version.
 *
 * <p>The file is read when the provider is created and again when its size, modification time or
 * identity changes, so an edit is seen without a restart. Signing uses {@link HmacSecretSigner}
 * with the key {@code signing-keys/<purpose>}, which must be in the file since this provider cannot
 * create it. Thread-safe.
 */
final class DotenvSecretProvider implements SecretProvider {
    private final Path file;
    private final HmacSecretSigner signer;
    private volatile Snapshot snapshot;
    /** Looks at the file after construction: what the conformance tests count as backend calls. */
    private final java.util.concurrent.atomic.LongAdder fileChecks = new java.util.concurrent.atomic.LongAdder();

    private record Snapshot(Object fileKey, FileTime modified, long size, Map<SecretScope, Map<String, String>> data) {}

    /**
     * @param file the file to read
     * @throws SecretConfigurationException if the file is missing or malformed
     */
    DotenvSecretProvider(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.snapshot = load();
        this.signer = new HmacSecretSigner(this);
    }

    @Override
    public String name() {
        return DotenvSecretProviderFactory.NAME;
    }

    Path file() {
        return file;
    }

    /**
     * @return how many times the file was checked (and re-read when changed) since construction;
     *     lets tests prove that bad input is rejected before the file is touched
     */
    long fileCheckCount() {
        return fileChecks.sum();
    }

    private Map<SecretScope, Map<String, String>> data() {
        fileChecks.increment();
        Snapshot s = snapshot;
        BasicFileAttributes a = attributes();
        if (Objects.equals(s.fileKey(), a.fileKey())
                && s.modified().equals(a.lastModifiedTime())
                && s.size() == a.size()) {
            return s.data();
        }
        Snapshot fresh = load();
        snapshot = fresh;
        return fresh.data();
    }

    private BasicFileAttributes attributes() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new SecretConfigurationException("Dotenv file " + file + " does not exist; create it or point "
                    + DotenvSecretProviderFactory.PATH.displayName() + " at another file");
        } catch (IOException e) {
            throw new SecretException("Cannot read dotenv file " + file + ": " + e, e);
        }
    }

    private Snapshot load() {
        BasicFileAttributes a = attributes();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return load(); // replaced between the two calls: attributes() reports it if it is gone for good
        } catch (IOException e) {
            throw new SecretException("Cannot read dotenv file " + file + ": " + e, e);
        }
        try {
            return new Snapshot(a.fileKey(), a.lastModifiedTime(), a.size(), DotenvFile.parse(file, content));
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        Objects.requireNonNull(scope, "scope");
        String value = data().getOrDefault(scope, Map.of()).get(k.path());
        if (value == null) {
            throw new SecretNotFoundException(
                    "Secret '" + k.path() + "' not found in scope '" + scope + "' of dotenv file " + file);
        }
        return SecretFields.select(Secret.of(k.path(), value, SecretMetadata.of(k.path(), null)), k);
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(scope, "scope");
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        for (String key : new LinkedHashSet<>(keys)) {
            parsed.put(key, SecretKey.parse(key));
        }
        Map<String, String> values = data().getOrDefault(scope, Map.of());
        Map<String, Secret> out = new LinkedHashMap<>();
        parsed.forEach((key, k) -> {
            String value = values.get(k.path());
            if (value != null) {
                try {
                    out.put(key, SecretFields.select(Secret.of(k.path(), value, SecretMetadata.of(k.path(), null)), k));
                } catch (SecretNotFoundException absentField) {
                    // An absent field is an absent key for getMany.
                }
            }
        });
        return out;
    }

    /**
     * @throws SecretNotFoundException if the file has no {@code signing-keys/<purpose>} entry
     */
    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        return signer.sign(payload, purpose);
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        Objects.requireNonNull(purpose, "purpose");
        return signer.verify(payload, signature, purpose);
    }

    /**
     * @return healthy with the path and number of entries, or unavailable with the reason; never throws
     */
    @Override
    public SecretProviderHealth healthCheck() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("path", file.toString());
        try {
            int n = data().values().stream().mapToInt(Map::size).sum();
            details.put("secrets", n);
            return SecretProviderHealth.healthy("dotenv file readable (read-only)", details);
        } catch (RuntimeException e) {
            return SecretProviderHealth.unavailable(e.getMessage(), details);
        }
    }

    /**
     * @return the path; never a value
     */
    @Override
    public String toString() {
        return "DotenvSecretProvider{path=" + file + "}";
    }
}
