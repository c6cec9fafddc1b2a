package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.spi.SecretFields;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretFieldsTest {
    private final SecretMetadata meta = SecretMetadata.of("app/db", "4");

    @Test
    void picksAFieldOfAJsonValue() {
        Secret whole = Secret.of("app/db", "{\"user\":\"u\",\"port\":5432,\"password\":\"p-1\"}", meta);
        assertThat(SecretFields.select(whole, SecretKey.parse("app/db#password"))
                        .value())
                .isEqualTo("p-1");
        assertThat(SecretFields.select(whole, SecretKey.parse("app/db#port")).value())
                .isEqualTo("5432");
        Secret picked = SecretFields.select(whole, SecretKey.parse("app/db#user"));
        assertThat(picked.key()).isEqualTo("app/db#user");
        assertThat(picked.version()).isEqualTo("4");
        assertThat(SecretFields.select(whole, SecretKey.parse("app/db"))).isSameAs(whole);
    }

    @Test
    void missingFieldsNameTheFieldsThatExistButNoValue() {
        Secret whole = Secret.of("app/db", "{\"user\":\"u\",\"password\":\"p-1\"}", meta);
        assertThatThrownBy(() -> SecretFields.select(whole, SecretKey.parse("app/db#pass")))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'app/db' has no field 'pass'; its fields are [password, user]");
        Secret plain = Secret.of("app/db", "just-a-string", meta);
        assertThatThrownBy(() -> SecretFields.select(plain, SecretKey.parse("app/db#x")))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'app/db' has no field 'x': its value is not a JSON object, so '#field' cannot be"
                        + " used on it");
    }

    @Test
    void mapEntriesYieldTheirOnlyFieldOrDemandOne() {
        assertThat(SecretFields.selectFromMap("k", Map.of("value", "v1"), meta, SecretKey.parse("k"))
                        .value())
                .isEqualTo("v1");
        Map<String, Object> two = Map.of("user", "u", "password", "p");
        assertThat(SecretFields.selectFromMap("k#user", two, meta, SecretKey.parse("k#user"))
                        .value())
                .isEqualTo("u");
        assertThatThrownBy(() -> SecretFields.selectFromMap("k", two, meta, SecretKey.parse("k")))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessage("Secret 'k' has several fields [password, user]; ask for one with 'k#<field>'");
        assertThatThrownBy(() -> SecretFields.selectFromMap("k#x", two, meta, SecretKey.parse("k#x")))
                .hasMessage("Secret 'k' has no field 'x'; its fields are [password, user]");
    }
}
