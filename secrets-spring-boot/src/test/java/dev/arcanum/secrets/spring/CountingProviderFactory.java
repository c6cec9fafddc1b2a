package dev.arcanum.secrets.spring;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.SignedPayload;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A provider that counts every creation and call, to prove a disabled integration does nothing. */
public final class CountingProviderFactory implements SecretProviderFactory {
    static final AtomicInteger CREATED = new AtomicInteger();
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    @Override
    public SecretProvider create(SecretsConfig config) {
        CREATED.incrementAndGet();
        return new SecretProvider() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public Secret get(String key, SecretScope scope) {
                CALLS.incrementAndGet();
                throw new SecretNotFoundException("Secret '" + key + "' not found");
            }

            @Override
            public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
                CALLS.incrementAndGet();
                return Map.of();
            }

            @Override
            public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
                CALLS.incrementAndGet();
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
                CALLS.incrementAndGet();
                return false;
            }

            @Override
            public SecretProviderHealth healthCheck() {
                CALLS.incrementAndGet();
                return SecretProviderHealth.healthy("counting", Map.of());
            }
        };
    }
}
