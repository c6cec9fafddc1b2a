package dev.arcanum.secrets.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.engine.TestExecutionResult;

/**
 * {@link SecretsTest} hands each test a fresh, seeded provider; it is backed here by the reference
 * store registered as {@code memory} in this module's test resources.
 */
class SecretsExtensionTest {

    @LauncherFixture
    @SecretsTest(seedFile = "classpath:seed/secrets.env")
    @SeedSecret(key = "db/password", value = "class-level-password", scope = "database")
    @SeedSecret(key = "shared", value = "from-class")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Seeded {
        static SecretProvider first;
        private final SecretProvider fromConstructor;

        Seeded(SecretProvider fromConstructor) {
            this.fromConstructor = fromConstructor;
        }

        @Test
        @Order(1)
        @SeedSecret(key = "shared", value = "from-method")
        @SeedSecret(key = "only/here", value = "method-level")
        void seedsFromTheFileTheClassAndTheMethod(SecretStore store, SecretProvider provider) {
            assertThat(provider).isSameAs(store).isSameAs(fromConstructor);
            assertThat(store.get("API_TOKEN").value()).isEqualTo("tok-from-seed-file");
            assertThat(store.get("app/db").value()).isEqualTo("line one\nline \"two\"");
            assertThat(store.get("literal").value()).isEqualTo("no \\n escapes here");
            assertThat(store.get("plain").value()).isEqualTo("value with spaces");
            assertThat(store.get("db/password", SecretScope.DATABASE).value()).isEqualTo("class-level-password");
            assertThat(store.exists("db/password", SecretScope.DEFAULT)).isFalse();
            assertThat(store.get("shared").value()).isEqualTo("from-method");
            assertThat(store.get("only/here").value()).isEqualTo("method-level");
            store.put("scratch", "written-by-the-first-test");
            first = store;
        }

        @Test
        @Order(2)
        void getsAFreshProviderAndTheLastOneWasClosed(SecretStore store) {
            assertThat(store).isNotSameAs(first).isSameAs(fromConstructor);
            assertThat(store.exists("scratch")).isFalse();
            assertThat(store.exists("only/here")).isFalse();
            assertThat(store.get("shared").value()).isEqualTo("from-class");
            assertThat(first.healthCheck().status()).isEqualTo(SecretProviderHealth.Status.UNAVAILABLE);
        }
    }

    @Test
    void seededFreshAndClosedPerTest() {
        PlatformRun run = PlatformRun.of(Seeded.class);
        assertThat(run.allFailureTexts()).isEmpty();
        assertThat(run.succeeded())
                .containsExactly("getsAFreshProviderAndTheLastOneWasClosed", "seedsFromTheFileTheClassAndTheMethod");
    }

    @LauncherFixture
    @SecretsTest
    @SeedSecret(key = "outer", value = "from-outer")
    @SeedSecret(key = "both", value = "outer-value")
    static class Outer {
        @Nested
        @SeedSecret(key = "both", value = "inner-value")
        class Inner {
            @Test
            void seesTheEnclosingSeedsWithItsOwnWinning(SecretProvider provider) {
                assertThat(provider.get("outer").value()).isEqualTo("from-outer");
                assertThat(provider.get("both").value()).isEqualTo("inner-value");
            }
        }
    }

    @Test
    void nestedClassesInheritTheEnclosingSeeds() {
        PlatformRun run = PlatformRun.of(Outer.class);
        assertThat(run.allFailureTexts()).isEmpty();
        assertThat(run.succeeded()).containsExactly("seesTheEnclosingSeedsWithItsOwnWinning");
    }

    @LauncherFixture
    @SecretsTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassConstructor {
        PerClassConstructor(SecretProvider provider) {}

        @Test
        void anything() {
            throw new AssertionError("not reached: resolving the constructor parameter fails first");
        }
    }

    @Test
    void refusesConstructorInjectionForPerClassTests() {
        PlatformRun run = PlatformRun.of(PerClassConstructor.class);
        assertThat(run.failedContainers().values())
                .singleElement()
                .extracting(r -> r.getThrowable().orElseThrow().getMessage())
                .isEqualTo("@SecretsTest cannot inject a provider into the constructor of a PER_CLASS test: all its"
                        + " tests would share one provider. Take it as a test method parameter instead.");
    }

    @LauncherFixture
    @SecretsTest(seedFile = "classpath:seed/bad.env")
    static class BadSeedFile {
        @Test
        void anything(SecretProvider provider) {
            throw new AssertionError("not reached: seeding fails before the test");
        }
    }

    @LauncherFixture
    @SecretsTest(seedFile = "classpath:seed/missing.env")
    static class MissingSeedFile {
        @Test
        void anything(SecretProvider provider) {
            throw new AssertionError("not reached: seeding fails before the test");
        }
    }

    @Test
    void reportsABadOrMissingSeedFileByLineWithoutItsContent() {
        assertThat(failureOfOnlyTest(PlatformRun.of(BadSeedFile.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("classpath:seed/bad.env line 2: expected KEY=VALUE");
        assertThat(failureOfOnlyTest(PlatformRun.of(MissingSeedFile.class)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SecretsTest seedFile 'classpath:seed/missing.env' is not on the test class path");
    }

    @Test
    void namesSecretsLocalWhenTheMemoryProviderIsMissing() {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        ClassLoader withoutProviders = new ClassLoader(original) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return name.startsWith("META-INF/services/dev.arcanum.secrets.spi.")
                        ? Collections.emptyEnumeration()
                        : super.getResources(name);
            }
        };
        thread.setContextClassLoader(withoutProviders);
        try {
            SecretConfigurationException cause = catchConfiguration();
            assertThatThrownBy(SecretsExtension::newMemoryProvider)
                    .isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessage("@SecretsTest needs the in-memory provider 'memory' of dev.arcanum:secrets-local; add"
                            + " that artifact to the test class path (Maven: <dependency> dev.arcanum:secrets-local"
                            + " with <scope>test</scope>). " + cause.getMessage())
                    .cause()
                    .isInstanceOf(SecretConfigurationException.class)
                    .hasMessage(cause.getMessage());
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    private static SecretConfigurationException catchConfiguration() {
        try {
            SecretProviders.factory("memory");
        } catch (SecretConfigurationException e) {
            return e;
        }
        throw new AssertionError("the 'memory' factory was still found");
    }

    private static Throwable failureOfOnlyTest(PlatformRun run) {
        assertThat(run.results()).hasSize(1);
        TestExecutionResult r = run.results().values().iterator().next();
        assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        return r.getThrowable().orElseThrow();
    }
}
