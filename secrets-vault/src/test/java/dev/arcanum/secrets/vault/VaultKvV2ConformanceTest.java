package dev.arcanum.secrets.vault;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;
import dev.arcanum.secrets.vault.fake.VaultFake;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The conformance kit against the Vault fake's KV v2 engine; signing falls back to HMAC over KV. */
class VaultKvV2ConformanceTest extends SecretProviderConformanceKit {
    final String rootToken = "hvs.kit-root-" + UUID.randomUUID();
    final List<VaultFake> fakes = new ArrayList<>();

    /** Settings on top of address and token; subclasses pick the engine and signing. */
    VaultTestSupport configure(VaultTestSupport support) {
        return support;
    }

    @Override
    protected SecretProvider newProvider() {
        VaultFake fake = VaultFake.start(VaultFake.Options.defaults().rootToken(rootToken));
        fakes.add(fake);
        return configure(new VaultTestSupport(fake)).provider();
    }

    @Override
    protected Collection<String> credentials() {
        return List.of(rootToken);
    }

    @Override
    protected long backendCallCount() {
        return fakes.stream().mapToLong(f -> f.requests().size()).sum();
    }

    @AfterEach
    void stopFakes() {
        fakes.forEach(VaultFake::close);
    }
}
