package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KvReferenceTest {

    @ParameterizedTest
    @CsvSource({
        "KV_SECRETS_CLIENT_SECRET, secrets/client-secret",
        "KV_PROD_DB__PASSWORD, prod/db/password",
        "KV_APP_TOKEN, app/token",
        "KV_A1_B2__C3_D4__E, a1/b2/c3-d4/e"
    })
    void environmentNamesMapToKeysAndBack(String env, String key) {
        assertThat(KvReference.keyFromEnvironmentName(env)).contains(key);
        assertThat(KvReference.environmentNameForKey(key)).isEqualTo(env);
    }

    @ParameterizedTest
    @ValueSource(strings = {"KV_", "KV_SECRETS", "KV_SECRETS__X", "KV_A_B___C", "KV_A_B_", "DB_PASSWORD", "kv_a_b"})
    void otherNamesAreNotReferences(String env) {
        assertThat(KvReference.keyFromEnvironmentName(env)).isEmpty();
    }

    @Test
    void keysOutsideTheReversibleSetAreRejected() {
        assertThatThrownBy(() -> KvReference.environmentNameForKey("Secrets/x"))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessage("Key 'Secrets/x' has no KV_ variable name: the convention needs at least two segments of"
                        + " lower-case letters, digits and single '-', the first without '-'");
        assertThatThrownBy(() -> KvReference.environmentNameForKey("single"))
                .isInstanceOf(InvalidSecretKeyException.class);
        assertThatThrownBy(() -> KvReference.environmentNameForKey("my-app/x"))
                .isInstanceOf(InvalidSecretKeyException.class);
    }

    @Test
    void findsReferencesInTextAndNestedJson() throws Exception {
        assertThat(KvReference.findReferences("url=kv://a/b, pw=kv://prod/db#password and kv://a/b"))
                .containsExactly("a/b", "prod/db#password");
        var json = new ObjectMapper()
                .readTree("{\"a\":\"kv://x/one\",\"b\":[1,{\"c\":\"kv://x/two\"},[\"kv://x/three\"]],"
                        + "\"d\":{\"e\":\"prefix kv://x/one suffix\"},\"f\":\"not a ref\"}");
        assertThat(KvReference.findReferences(json)).containsExactly("x/one", "x/two", "x/three");
        assertThat(KvReference.keyFromReference("kv://secrets/client-secret")).contains("secrets/client-secret");
        assertThat(KvReference.keyFromReference("see kv://a/b")).isEmpty();
    }
}
