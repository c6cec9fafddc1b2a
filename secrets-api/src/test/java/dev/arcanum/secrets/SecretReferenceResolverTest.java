package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretReferenceResolverTest {
    private final MapSecretStore store = new MapSecretStore();
    private final SecretReferenceResolver resolver = new SecretReferenceResolver(store);

    SecretReferenceResolverTest() {
        store.put("prod/db", "{\"user\":\"app\",\"password\":\"pw-$1\\\\x\"}");
        store.put("api/token", "tok-123");
        store.put("api/token", "tok-db", SecretScope.DATABASE);
    }

    @Test
    void replacesPlaceholdersAndReferences() {
        assertThat(resolver.resolve("jdbc:pg://h/db?user=${secret:prod/db#user}&password=${secret:prod/db#password}"))
                .isEqualTo("jdbc:pg://h/db?user=app&password=pw-$1\\x");
        assertThat(resolver.resolve("Bearer kv://api/token")).isEqualTo("Bearer tok-123");
        assertThat(resolver.resolve("no references here")).isEqualTo("no references here");
        assertThat(resolver.resolve((String) null)).isNull();
        assertThat(new SecretReferenceResolver(store, SecretScope.DATABASE).resolve("${secret:api/token}"))
                .isEqualTo("tok-db");
    }

    @Test
    void aMissingReferenceIsAnErrorNamingIt() {
        assertThatThrownBy(() -> resolver.resolve("x=${secret:missing/one}"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageStartingWith("Secret reference '${secret:missing/one}' cannot be resolved in provider 'map'"
                        + " (scope default): ");
        assertThatThrownBy(() -> resolver.resolve("kv://prod/db#nope"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("'kv://prod/db#nope'")
                .hasMessageContaining("[password, user]")
                .message()
                .doesNotContain("pw-");
        assertThatThrownBy(() -> resolver.resolve("${secret:}"))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessage("Secret reference '${secret:}' names no key");
        assertThatThrownBy(() -> resolver.resolve("${secret:a//b}")).isInstanceOf(InvalidSecretKeyException.class);
    }

    @Test
    void resolvesEveryStringOfAJsonDocumentWithoutChangingIt() throws Exception {
        JsonNode doc = new ObjectMapper()
                .readTree("{\"auth\":{\"token\":\"kv://api/token\"},\"list\":[\"${secret:prod/db#user}\",2],\"n\":1}");
        JsonNode out = resolver.resolve(doc);
        assertThat(out.toString()).isEqualTo("{\"auth\":{\"token\":\"tok-123\"},\"list\":[\"app\",2],\"n\":1}");
        assertThat(doc.at("/auth/token").asText()).isEqualTo("kv://api/token");
        assertThat(resolver.resolveAll(Map.of("a", "kv://api/token"))).containsEntry("a", "tok-123");
    }

    @Test
    void substitutedValuesAreNeverScannedAgain() {
        store.put("app/a", "kv://app/b");
        store.put("app/b", "SECOND-VALUE");
        store.put("app/c", "prefix kv://leaky/SuperSecretTokenPart ${secret:app/b}");
        assertThat(resolver.resolve("x=${secret:app/a}")).isEqualTo("x=kv://app/b");
        assertThat(resolver.resolve("y=kv://app/c"))
                .isEqualTo("y=prefix kv://leaky/SuperSecretTokenPart ${secret:app/b}");
        assertThat(resolver.resolve("${secret:app/b}-kv://app/b")).isEqualTo("SECOND-VALUE-SECOND-VALUE");
    }
}
