package dev.arcanum.secrets.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hands each test a fresh in-memory provider: a test method or constructor parameter of type {@link
 * dev.arcanum.secrets.SecretProvider} or {@link dev.arcanum.secrets.SecretStore} receives a new
 * {@code memory} provider for every test, closed after it, holding the values of {@link #seedFile()}
 * and of every {@link SeedSecret} on the class and the method.
 *
 * <pre>{@code
 * @SecretsTest(seedFile = "classpath:secrets.env")
 * @SeedSecret(key = "db/password", value = "s3cr3t-for-tests", scope = "database")
 * class PaymentServiceTest {
 *     @Test
 *     void readsThePassword(SecretStore secrets) {
 *         assertThat(secrets.get("db/password", SecretScope.DATABASE).value()).isEqualTo("s3cr3t-for-tests");
 *     }
 * }
 * }</pre>
 *
 * <p>The provider comes from {@code SecretProviders.builder().provider("memory")} with the cache off,
 * so the {@code memory} provider of {@code dev.arcanum:secrets-local} must be on the test class path;
 * without it every test fails with a message naming that artifact.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(SecretsExtension.class)
public @interface SecretsTest {

    /**
     * A {@code .env} file whose entries are stored in {@link dev.arcanum.secrets.SecretScope#DEFAULT}
     * before each test: {@code classpath:path/in/resources.env} or a file-system path (relative to the
     * working directory). Empty (the default) means none. The format is deliberately small, see
     * {@link SecretsExtension}.
     *
     * @return the seed file, or the empty string
     */
    String seedFile() default "";
}
