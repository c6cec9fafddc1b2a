package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;

/** The {@code memory} provider against the conformance kit, leak detector on. */
class MemoryConformanceTest extends SecretProviderConformanceKit {
    @Override
    protected SecretProvider newProvider() {
        return new MemorySecretProviderFactory().create(name -> null);
    }
}
