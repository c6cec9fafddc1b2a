package dev.arcanum.secrets.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a fixture class that only {@link PlatformRun} may run: many of them fail on purpose, so a
 * build that selects them directly ({@code -Dtest=LeakDetectorTest*}) skips them instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(LauncherFixture.OnlyUnderPlatformRun.class)
@interface LauncherFixture {
    /** The configuration parameter {@link PlatformRun} sets. */
    String PARAMETER = "arcanum.selftest.fixture";

    /** Enables the fixture only when {@link #PARAMETER} is true. */
    final class OnlyUnderPlatformRun implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER, Boolean::parseBoolean)
                            .orElse(false)
                    ? ConditionEvaluationResult.enabled("run by PlatformRun")
                    : ConditionEvaluationResult.disabled("a self-test fixture, run only through PlatformRun");
        }
    }
}
