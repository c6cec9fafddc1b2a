package dev.arcanum.secrets.vault;

/** The conformance kit against the Vault fake's KV v1 engine (mount {@code kv}): no versions. */
class VaultKvV1ConformanceTest extends VaultKvV2ConformanceTest {
    @Override
    VaultTestSupport configure(VaultTestSupport support) {
        return support.with("secrets.vault.kv.mount", "kv").with("secrets.vault.kv.version", "1");
    }

    @Override
    protected boolean supportsVersions() {
        return false;
    }
}
