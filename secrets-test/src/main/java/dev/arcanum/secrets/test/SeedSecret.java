package dev.arcanum.secrets.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A secret stored in the provider of a {@link SecretsTest} before each test. Repeatable; on the test
 * class (every test) or on a test method (that test only; method entries are written after class
 * entries, so they win for the same key).
 *
 * <p>Named {@code SeedSecret} rather than {@code Secret} so that a test can use it next to {@link
 * dev.arcanum.secrets.Secret} without qualifying either.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(SeedSecrets.class)
public @interface SeedSecret {

    /**
     * @return the key, for example {@code db/password}; no {@code #field}
     */
    String key();

    /**
     * @return the value
     */
    String value();

    /**
     * @return the scope name, for example {@code database}; default {@code default}
     */
    String scope() default "default";
}
