package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.test.SecretProviderConformanceKit;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code memory} provider against the conformance kit, leak detector on; backend calls are the
 * reads and updates of the entries of every store this test made.
 */
class MemoryConformanceTest extends SecretProviderConformanceKit {
    private final List<VersionedStore> made = new ArrayList<>();

    @Override
    protected SecretProvider newProvider() {
        SecretProvider p = new MemorySecretProviderFactory().create(name -> null);
        made.add((VersionedStore) p);
        return p;
    }

    @Override
    protected long backendCallCount() {
        return made.stream().mapToLong(VersionedStore::entryAccessCount).sum();
    }
}
