package dev.arcanum.secrets.vault;

import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.vault.fake.VaultFake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds providers against a fake, with the fake's clock and a sleeper that records instead of sleeping. */
final class VaultTestSupport {
    final VaultFake fake;
    final List<Duration> sleeps = new ArrayList<>();
    final Map<String, String> settings = new HashMap<>();

    VaultTestSupport(VaultFake fake) {
        this.fake = fake;
        settings.put("VAULT_ADDR", fake.baseUrl());
        settings.put("VAULT_TOKEN", fake.rootToken());
        // Tests never wait: the sleeper records, and backoff values are asserted instead.
        settings.put("secrets.vault.retry.initial-backoff", "100ms");
        settings.put("secrets.vault.retry.max-backoff", "5s");
    }

    VaultTestSupport with(String name, String value) {
        settings.put(name, value);
        return this;
    }

    VaultTestSupport without(String name) {
        settings.remove(name);
        return this;
    }

    VaultSecretProvider provider() {
        return VaultSecretProviderFactory.create(SecretsConfig.of(settings), fake.clock(), sleeps::add, () -> 0.5);
    }
}
