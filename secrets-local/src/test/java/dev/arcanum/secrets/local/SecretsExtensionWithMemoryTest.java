package dev.arcanum.secrets.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.test.SecretsTest;
import dev.arcanum.secrets.test.SeedSecret;
import org.junit.jupiter.api.Test;

/** The {@code @SecretsTest} extension of secrets-test, served by the real {@code memory} provider found on the class path. */
@SecretsTest(seedFile = "classpath:seed.env")
@SeedSecret(key = "class/level", value = "from-the-class")
class SecretsExtensionWithMemoryTest {

    @Test
    @SeedSecret(key = "method/level", value = "from-the-method", scope = "database")
    void seedsAFreshMemoryStoreFromTheFileAndTheAnnotations(SecretStore store) {
        assertThat(store.name()).isEqualTo("memory");
        assertThat(store.get("app/token").value()).isEqualTo("from\nthe file");
        assertThat(store.get("db/user").value()).isEqualTo("app");
        assertThat(store.get("class/level").value()).isEqualTo("from-the-class");
        assertThat(store.get("method/level", SecretScope.DATABASE).value()).isEqualTo("from-the-method");
        assertThat(store.exists("method/level", SecretScope.DEFAULT)).isFalse();
        assertThat(store.get("db/user").version()).isEqualTo("1");
        store.put("written/here", "x");
    }

    @Test
    void eachTestGetsItsOwnStore(SecretProvider provider) {
        SecretStore store = (SecretStore) provider;
        assertThat(store.exists("written/here")).isFalse();
        assertThat(store.list(SecretScope.DEFAULT)).hasSize(3);
    }
}
