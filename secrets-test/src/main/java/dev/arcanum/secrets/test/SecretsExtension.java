package dev.arcanum.secrets.test;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link SecretsTest}: a fresh {@code memory} provider per test, seeded from
 * {@link SecretsTest#seedFile()} and {@link SeedSecret}, resolved for parameters of type {@link
 * SecretProvider} or {@link SecretStore} in test methods, {@code @BeforeEach}/{@code @AfterEach}
 * methods and test constructors (all of one test get the same provider), closed after the test.
 *
 * <p>Seed file format: see {@link SecretsTest#seedFile()}; one {@code KEY=VALUE} per line, {@code #}
 * comments, optional {@code export }, single or double quotes ({@code \n}, {@code \"}, {@code \\} in
 * double quotes), no multi-line values, no variable expansion; entries go to {@link
 * SecretScope#DEFAULT}.
 *
 * <p>Seeding order: the seed file of the nearest {@link SecretsTest} that names one, then the {@link
 * SeedSecret}s of the enclosing classes of a {@code @Nested} test (outermost first), of the test class
 * and of the test method; a later entry wins for the same key.
 *
 * <p>Constructor injection needs the default per-method test instance lifecycle: with {@code
 * PER_CLASS} one constructor call would share one provider between tests, so it is refused.
 *
 * <p>Thread-safe; tests of one class may run in parallel.
 */
public final class SecretsExtension implements BeforeEachCallback, ParameterResolver {
    /** The provider name asked of {@link SecretProviders}. */
    static final String PROVIDER = "memory";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SecretsExtension.class);

    /** A provider made for a constructor, waiting for that test's beforeEach on the same thread. */
    private final ThreadLocal<SecretProvider> fromConstructor = new ThreadLocal<>();

    /** Called by JUnit. */
    public SecretsExtension() {}

    @Override
    public void beforeEach(ExtensionContext context) {
        SecretProvider provider = fromConstructor.get();
        fromConstructor.remove();
        if (provider == null) {
            provider = create(context.getRequiredTestClass());
        }
        context.getStore(NAMESPACE).put(Holder.class, new Holder(provider));
        seed(provider, List.of(context.getRequiredTestMethod()));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == SecretProvider.class || type == SecretStore.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        SecretProvider provider;
        if (parameterContext.getDeclaringExecutable() instanceof Constructor) {
            if (extensionContext.getTestInstanceLifecycle().orElse(TestInstance.Lifecycle.PER_METHOD)
                    == TestInstance.Lifecycle.PER_CLASS) {
                throw new ParameterResolutionException("@SecretsTest cannot inject a provider into the constructor"
                        + " of a PER_CLASS test: all its tests would share one provider. Take it as a test"
                        + " method parameter instead.");
            }
            provider = fromConstructor.get();
            if (provider == null) {
                provider = create(extensionContext.getRequiredTestClass());
                fromConstructor.set(provider);
            }
        } else {
            Holder holder = extensionContext.getStore(NAMESPACE).get(Holder.class, Holder.class);
            if (holder == null) {
                throw new ParameterResolutionException("@SecretsTest provides a provider per test: take it in a"
                        + " test method, a @BeforeEach/@AfterEach method or the constructor, not in "
                        + parameterContext.getDeclaringExecutable().getName());
            }
            provider = holder.provider;
        }
        if (parameterContext.getParameter().getType() == SecretStore.class && !(provider instanceof SecretStore)) {
            throw new ParameterResolutionException("The '" + PROVIDER + "' provider built for @SecretsTest is a "
                    + provider.getClass().getName() + ", not a SecretStore; take a SecretProvider parameter");
        }
        return provider;
    }

    private static SecretProvider create(Class<?> testClass) {
        SecretProvider provider = newMemoryProvider();
        try {
            // A @Nested class sees what its enclosing classes seed, outermost first.
            List<AnnotatedElement> sources = new ArrayList<>();
            String seedFile = "";
            for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
                sources.add(0, c);
                if (seedFile.isEmpty()) {
                    seedFile = AnnotationSupport.findAnnotation(c, SecretsTest.class)
                            .map(SecretsTest::seedFile)
                            .orElse("");
                }
            }
            if (!seedFile.isEmpty()) {
                Map<String, String> entries = SeedFile.load(seedFile);
                if (!entries.isEmpty()) {
                    store(provider).putAll(entries, SecretScope.DEFAULT);
                }
            }
            seed(provider, sources);
            return provider;
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
    }

    /**
     * Builds the in-memory provider the way applications build theirs, with the cache off so a test
     * reads what it wrote.
     */
    static SecretProvider newMemoryProvider() {
        try {
            SecretProviders.factory(PROVIDER);
        } catch (SecretConfigurationException e) {
            throw new ExtensionConfigurationException(
                    "@SecretsTest needs the in-memory provider '" + PROVIDER + "' of dev.arcanum:secrets-local;"
                            + " add that artifact to the test class path (Maven: <dependency> dev.arcanum:"
                            + "secrets-local with <scope>test</scope>). " + e.getMessage(),
                    e);
        }
        return SecretProviders.builder()
                .provider(PROVIDER)
                .setting("secrets.cache.ttl", "0")
                .build();
    }

    private static void seed(SecretProvider provider, List<? extends AnnotatedElement> sources) {
        for (AnnotatedElement source : sources) {
            for (SeedSecret s : AnnotationSupport.findRepeatableAnnotations(source, SeedSecret.class)) {
                store(provider).put(s.key(), s.value(), SecretScope.of(s.scope()));
            }
        }
    }

    private static SecretStore store(SecretProvider provider) {
        if (provider instanceof SecretStore) {
            return (SecretStore) provider;
        }
        throw new ExtensionConfigurationException("The '" + PROVIDER + "' provider built for @SecretsTest is a "
                + provider.getClass().getName() + ", not a SecretStore, so it cannot be seeded");
    }

    /** Closes the test's provider when JUnit closes the test's store. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private final SecretProvider provider;

        Holder(SecretProvider provider) {
            this.provider = provider;
        }

        @Override
        public void close() {
            provider.close();
        }
    }
}
