package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.cache.CachingSecretProvider;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReadOnlySecretProviderTest {

    static Stream<Arguments> writes() {
        return Stream.of(
                Arguments.of("put", (Consumer<SecretStore>) s -> s.put("k", "v"), "put of 'k'"),
                Arguments.of(
                        "putIfAbsent",
                        (Consumer<SecretStore>) s -> s.putIfAbsent("k", "v", SecretScope.DEFAULT),
                        "putIfAbsent of 'k'"),
                Arguments.of("delete", (Consumer<SecretStore>) s -> s.delete("k"), "delete of 'k'"),
                Arguments.of(
                        "putAll",
                        (Consumer<SecretStore>) s -> s.putAll(Map.of("a", "1", "b", "2"), SecretScope.DEFAULT),
                        "putAll of 2 keys"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void everyWriteFailsBeforeTheBackendIsCalled(String name, Consumer<SecretStore> write, String what) {
        CountingStore backend = new CountingStore(true);
        backend.backdoorPut("k", "v0");
        SecretStore guarded = (SecretStore) ReadOnlySecretProvider.wrap(backend);

        assertThatThrownBy(() -> write.accept(guarded))
                .isInstanceOf(ReadOnlyStoreException.class)
                .hasMessage("Provider 'counting' is read-only (secrets.read-only=true): " + what
                        + " refused. Unset SECRETS_READ_ONLY to allow writes.");
        assertThat(backend.writes).hasValue(0);
        assertThat(guarded.get("k").value()).isEqualTo("v0");
    }

    @ParameterizedTest(name = "{0} through the built provider")
    @MethodSource("writes")
    void everyWriteThroughTheCachedReadOnlyProviderFailsBeforeTheBackend(
            String name, Consumer<SecretStore> write, String what) {
        CountingStore backend = new CountingStore(true);
        backend.backdoorPut("k", "v0");
        try (SecretProvider p = SecretProviders.builder()
                .provider(backend)
                .setting("secrets.read-only", "true")
                .build()) {
            assertThat(p).isInstanceOf(CachingSecretProvider.class).isInstanceOf(SecretStore.class);
            assertThat(p.get("k").value()).isEqualTo("v0");
            assertThatThrownBy(() -> write.accept((SecretStore) p)).isInstanceOf(ReadOnlyStoreException.class);
            assertThat(backend.writes).hasValue(0);
            assertThat(p.get("k").value()).isEqualTo("v0");
        }
    }

    @Test
    void readsExistsAndListPassThrough() {
        CountingStore backend = new CountingStore(true);
        backend.backdoorPut("k", "v0");
        SecretStore guarded = (SecretStore) ReadOnlySecretProvider.wrap(backend);
        assertThat(guarded.exists("k")).isTrue();
        assertThat(guarded.list(SecretScope.DEFAULT))
                .extracting(SecretMetadata::key)
                .isEqualTo(List.of("k"));
        assertThat(guarded.getMany(List.of("k"))).containsOnlyKeys("k");
    }

    @Test
    void aProviderThatCannotWriteIsReturnedAsItIs() {
        SecretProvider readOnlyByNature = new ReadOnlyView(new CountingStore(false));
        assertThat(ReadOnlySecretProvider.wrap(readOnlyByNature)).isSameAs(readOnlyByNature);
    }
}
