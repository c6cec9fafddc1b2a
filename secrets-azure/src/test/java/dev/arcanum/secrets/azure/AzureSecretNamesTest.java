package dev.arcanum.secrets.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.SecretScope;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AzureSecretNamesTest {

    @Test
    void escapesEveryNonAlphanumericCharacter() {
        assertThat(AzureSecretNames.toVaultName("prod/db-password", SecretScope.DEFAULT))
                .isEqualTo("prod-2f-db-2d-password");
        assertThat(AzureSecretNames.toVaultName("a_b.c", SecretScope.DEFAULT)).isEqualTo("a-5f-b-2e-c");
        assertThat(AzureSecretNames.toVaultName("plain", SecretScope.DEFAULT)).isEqualTo("plain");
    }

    @Test
    void separatorsAndDashesStayDistinct() {
        List<String> keys = List.of("a/b", "a-b", "a_b", "a.b", "a-2f-b", "a--b", "a/-b", "a-/b");
        Set<String> names = keys.stream()
                .map(k -> AzureSecretNames.toVaultName(k, SecretScope.DEFAULT))
                .collect(Collectors.toSet());
        assertThat(names).hasSize(keys.size());
        assertThat(names).allMatch(n -> n.matches("[0-9a-zA-Z-]{1,127}"));
    }

    @Test
    void mappingIsReversible() {
        for (String key : List.of("a/b", "a-b", "a_b", "a.b", "a-2f-b", "x/y.z_w-v", "Upper/Case")) {
            String name = AzureSecretNames.toVaultName(key, SecretScope.DEFAULT);
            assertThat(AzureSecretNames.toKey(name, SecretScope.DEFAULT)).contains(key);
        }
    }

    @Test
    void scopesBecomeAPrefixThatOtherScopesDoNotRead() {
        String name = AzureSecretNames.toVaultName("prod/db", SecretScope.DATABASE);
        assertThat(name).isEqualTo("database-3a-prod-2f-db");
        assertThat(AzureSecretNames.toKey(name, SecretScope.DATABASE)).contains("prod/db");
        assertThat(AzureSecretNames.toKey(name, SecretScope.DEFAULT)).isEmpty();
        assertThat(AzureSecretNames.toKey(name, SecretScope.SERVICE_ACCOUNT)).isEmpty();
        assertThat(AzureSecretNames.toVaultName("x", SecretScope.SERVICE_ACCOUNT))
                .isEqualTo("service-2d-account-3a-x");
    }

    @Test
    void namesMadeByOtherToolsAreNotKeys() {
        assertThat(AzureSecretNames.toKey("my-secret", SecretScope.DEFAULT)).isEmpty();
        assertThat(AzureSecretNames.toKey("a-zz-b", SecretScope.DEFAULT)).isEmpty();
        assertThat(AzureSecretNames.toKey("a-2f-", SecretScope.DEFAULT)).isEmpty();
    }

    @Test
    void hexEscapesAreReadInEitherCase() {
        assertThat(AzureSecretNames.toKey("prod-2F-db", SecretScope.DEFAULT)).contains("prod/db");
    }

    @Test
    void rejectsNamesLongerThanKeyVaultAllows() {
        String key = "a/".repeat(40) + "b";
        assertThatThrownBy(() -> AzureSecretNames.toVaultName(key, SecretScope.DEFAULT))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessageContaining("would be 201 characters long, more than the 127 Key Vault allows");
        assertThat(AzureSecretNames.toVaultName("x".repeat(127), SecretScope.DEFAULT))
                .hasSize(127);
    }
}
