package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretKeyTest {

    @Test
    void parsesPathAndField() {
        SecretKey k = SecretKey.parse("prod/db#password");
        assertThat(k.path()).isEqualTo("prod/db");
        assertThat(k.field()).contains("password");
        assertThat(k.segments()).containsExactly("prod", "db");
        assertThat(k.name()).isEqualTo("db");
        assertThat(k.parent()).isEqualTo("prod");
        assertThat(k.withoutField().toString()).isEqualTo("prod/db");
        assertThat(k).hasToString("prod/db#password");
    }

    @Test
    void plainNameHasNoFieldAndNoParent() {
        SecretKey k = SecretKey.parse("DB_PASSWORD");
        assertThat(k.field()).isEmpty();
        assertThat(k.parent()).isEmpty();
        assertThat(k.name()).isEqualTo("DB_PASSWORD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a", "a/", "a//b", "a b", "../x", "a/./b", "a#", "a#b#c", "a#b c", "ключ", "a\nb"})
    void rejectsMalformedKeys(String key) {
        assertThatThrownBy(() -> SecretKey.parse(key))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessageStartingWith("Invalid key '");
    }

    @Test
    void rejectsNullWithTheGrammarInTheMessage() {
        assertThatThrownBy(() -> SecretKey.parse(null))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessage("Invalid key: null (a key is 'name' or 'path/to/name', optionally '#field')");
    }

    @Test
    void namesTheBrokenRule() {
        assertThatThrownBy(() -> SecretKey.parse("a//b"))
                .hasMessage("Invalid key 'a//b': it has an empty path segment ('//')");
        assertThatThrownBy(() -> SecretKey.parse("a b"))
                .hasMessage("Invalid key 'a b': use only letters, digits, '.', '_' and '-' in each segment,"
                        + " '/' between segments");
    }

    @Test
    void rejectsOverlongPaths() {
        String longKey = "a".repeat(100) + ("/" + "b".repeat(100)).repeat(5);
        assertThatThrownBy(() -> SecretKey.parse(longKey))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessageEndingWith("the path is longer than 512 characters");
    }

    @Test
    void scopesAndPurposesValidateTheirNames() {
        assertThat(SecretScope.of("database")).isSameAs(SecretScope.DATABASE);
        assertThat(SecretScope.of("billing")).isEqualTo(SecretScope.of("billing"));
        assertThat(SecretPurpose.of("cli-bridge")).isSameAs(SecretPurpose.CLI_BRIDGE);
        assertThatThrownBy(() -> SecretScope.of("Bad Scope"))
                .isInstanceOf(InvalidSecretKeyException.class)
                .hasMessage("Invalid scope name 'Bad Scope': use 1 to 64 lower-case letters, digits and inner '-'"
                        + " (for example 'database')");
        assertThatThrownBy(() -> SecretPurpose.of("-x")).isInstanceOf(InvalidSecretKeyException.class);
    }

    @Test
    void secretNeverShowsItsValue() {
        Secret s = Secret.of("prod/db", "hunter2-very-secret", "3");
        assertThat(s.toString()).doesNotContain("hunter2").contains("prod/db").contains("3");
        assertThat(s).isEqualTo(Secret.of("prod/db", "hunter2-very-secret", "3"));
        assertThat(s).isNotEqualTo(Secret.of("prod/db", "other", "3"));
        Secret bin = Secret.ofBytes("b", new byte[] {1, 2, 3}, SecretMetadata.of("b", null));
        assertThat(bin.isBinary()).isTrue();
        assertThat(bin.bytes()).containsExactly(1, 2, 3);
        assertThat(bin.value()).isEqualTo("AQID");
    }
}
