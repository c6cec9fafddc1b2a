package dev.arcanum.secrets.test;

import dev.arcanum.secrets.SecretProvider;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;

/** The reference store passes the whole kit, with its backend calls counted. */
class MapSecretStoreConformanceTest extends SecretProviderConformanceKit {
    private final AtomicLong calls = new AtomicLong();

    @Override
    protected SecretProvider newProvider() {
        return new MapSecretStore(EnumSet.noneOf(MapSecretStore.Defect.class), calls);
    }

    @Override
    protected long backendCallCount() {
        return calls.get();
    }
}
