package dev.arcanum.secrets.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The leak detector fails a test that logs a watched value (at any level, in any part of the event,
 * from any thread), passes a clean one, withholds a failure that carries a value, and refuses to run
 * when its SLF4J provider is not the active one. Fixture classes run through the Launcher.
 */
class LeakDetectorTest {
    static final String SECRET = "s3cr3t-" + UUID.randomUUID();
    private static final Logger LOG = LoggerFactory.getLogger("fixture.leaky");
    private static final String NL = System.lineSeparator();

    @LauncherFixture
    static class Leaky {
        @RegisterExtension
        final LeakDetector leaks = LeakDetector.create().watch(SECRET);

        @Test
        void debugMessage() {
            LOG.debug("token is {}", SECRET);
        }

        @Test
        void traceArgumentWithoutPlaceholder() {
            LOG.trace("token refreshed", (Object) SECRET);
        }

        @Test
        void warnThrowableMessage() {
            LOG.warn("call failed", new IllegalStateException("rejected " + SECRET));
        }

        @Test
        void errorCauseOfThrowable() {
            LOG.error("call failed", new IllegalStateException("outer", new IOException("inner " + SECRET)));
        }

        @Test
        void suppressedOfThrowable() {
            IllegalStateException e = new IllegalStateException("outer");
            e.addSuppressed(new IOException("while closing " + SECRET));
            LOG.info("closed with trouble", e);
        }

        @Test
        void mdcValue() {
            MDC.put("authorization", "Bearer " + SECRET);
            try {
                LOG.info("calling the backend");
            } finally {
                MDC.remove("authorization");
            }
        }

        @Test
        void fluentKeyValue() {
            LOG.atInfo().addKeyValue("token", SECRET).log("calling the backend");
        }

        @Test
        void markerAndTwoArguments() {
            LOG.info(MarkerFactory.getMarker("AUDIT"), "{} wrote {}", "alice", SECRET);
        }

        @Test
        void backgroundThread() throws InterruptedException {
            Thread t = new Thread(() -> LOG.debug("background refresh got {}", SECRET), "refresher");
            t.start();
            t.join();
        }

        @Test
        void thrownException() {
            throw new IllegalStateException("could not parse " + SECRET);
        }

        @Test
        void clean() {
            LOG.info("read key {}", "app/token");
            LOG.warn("failed for key {}", "app/token", new IllegalStateException("denied for app/token"));
        }
    }

    @Test
    void failsEachTestThatLogsTheValueNamingLoggerLevelAndPlace() {
        PlatformRun run = PlatformRun.of(Leaky.class);
        assertThat(run.succeeded()).containsExactly("clean");
        assertThat(message(run, "debugMessage"))
                .isEqualTo("A watched secret was logged 1 time(s):" + NL
                        + "  s3**** in the message of logger fixture.leaky at DEBUG");
        assertThat(message(run, "traceArgumentWithoutPlaceholder"))
                .endsWith("  s3**** in argument 1 of logger fixture.leaky at TRACE");
        assertThat(message(run, "warnThrowableMessage"))
                .endsWith("  s3**** in the logged throwable (message or stack trace) of logger fixture.leaky at WARN");
        assertThat(message(run, "errorCauseOfThrowable"))
                .endsWith("  s3**** in the logged throwable (message or stack trace) of logger fixture.leaky at ERROR");
        assertThat(message(run, "suppressedOfThrowable"))
                .endsWith("  s3**** in the logged throwable (message or stack trace) of logger fixture.leaky at INFO");
        assertThat(message(run, "mdcValue"))
                .endsWith("  s3**** in the MDC entry 'authorization' of logger fixture.leaky at INFO");
        assertThat(message(run, "fluentKeyValue"))
                .endsWith("  s3**** in the key-value pair 'token' of logger fixture.leaky at INFO");
        assertThat(message(run, "markerAndTwoArguments"))
                .endsWith("  s3**** in the message of logger fixture.leaky at INFO");
        assertThat(message(run, "backgroundThread"))
                .endsWith("  s3**** in the message of logger fixture.leaky at DEBUG");
        assertThat(message(run, "thrownException"))
                .isEqualTo("The test failed with an exception that carries a watched secret; the original is withheld."
                        + " A watched secret (s3****) appears in the message of java.lang.IllegalStateException");
        assertThat(run.allFailureTexts()).doesNotContain(SECRET);
    }

    @Test
    void echoesWarningsToStandardErrorWithTheValueMasked() {
        PrintStream original = System.err;
        String echo = System.getProperty(CapturingSlf4jServiceProvider.ECHO_PROPERTY);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setProperty(CapturingSlf4jServiceProvider.ECHO_PROPERTY, "warn");
        try {
            PlatformRun.of(Leaky.class);
        } finally {
            System.setErr(original);
            if (echo == null) {
                System.clearProperty(CapturingSlf4jServiceProvider.ECHO_PROPERTY);
            } else {
                System.setProperty(CapturingSlf4jServiceProvider.ECHO_PROPERTY, echo);
            }
        }
        String echoed = err.toString(StandardCharsets.UTF_8);
        assertThat(echoed)
                .contains("captured WARN fixture.leaky - call failed")
                .contains("java.lang.IllegalStateException: rejected s3****")
                .contains("captured WARN fixture.leaky - failed for key app/token")
                .doesNotContain(SECRET)
                .doesNotContain("captured DEBUG");
    }

    @LauncherFixture
    @ExtendWith(LeakDetector.class)
    static class ViaExtendWith {
        @Test
        void leaks(LeakDetector leaks) {
            leaks.watch(SECRET);
            LOG.info("value {}", SECRET);
        }

        @Test
        void clean(LeakDetector leaks) {
            leaks.watch(SECRET);
            LOG.info("nothing to see");
        }
    }

    @Test
    void worksThroughExtendWithAndParameterInjection() {
        PlatformRun run = PlatformRun.of(ViaExtendWith.class);
        assertThat(run.failed()).containsExactly("leaks");
        assertThat(run.succeeded()).containsExactly("clean");
        assertThat(message(run, "leaks")).endsWith("  s3**** in the message of logger fixture.leaky at INFO");
    }

    @LauncherFixture
    static class StaticDetector {
        @RegisterExtension
        static final LeakDetector LEAKS = LeakDetector.create();

        @BeforeAll
        static void watch() {
            LEAKS.watch(SECRET);
        }

        @Test
        void leaks() {
            LOG.error("oops {}", SECRET);
        }

        @Test
        void clean() {
            LOG.error("oops without a value");
        }
    }

    @Test
    void aStaticDetectorChecksEveryTestOfTheClass() {
        PlatformRun run = PlatformRun.of(StaticDetector.class);
        assertThat(run.failed()).containsExactly("leaks");
        assertThat(run.succeeded()).containsExactly("clean");
    }

    @LauncherFixture
    static class InactiveCapture {
        @RegisterExtension
        final LeakDetector leaks = new LeakDetector(() -> false, () -> "ch.qos.logback.classic.LoggerContext");

        @Test
        void anything() {
            LOG.info("never checked");
        }
    }

    @Test
    void refusesToRunWhenTheCapturingProviderIsNotActive() {
        PlatformRun run = PlatformRun.of(InactiveCapture.class);
        TestExecutionResult result = run.results().get("anything");
        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("LeakDetector cannot see log events: the active SLF4J logger factory is"
                        + " ch.qos.logback.classic.LoggerContext, not the capturing provider of"
                        + " dev.arcanum:secrets-test. Another SLF4J backend is on the test class path; select ours"
                        + " with the system property"
                        + " slf4j.provider=dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider (Maven:"
                        + " maven-surefire-plugin <systemPropertyVariables>).");
    }

    @Test
    void theSlf4jProviderPropertySelectsTheCapturingProviderNextToAnotherBackend() {
        List<String> providers = new ArrayList<>();
        ServiceLoader.load(SLF4JServiceProvider.class)
                .forEach(p -> providers.add(p.getClass().getName()));
        // This module's test class path holds slf4j-simple too, and surefire sets slf4j.provider as documented.
        assertThat(providers)
                .contains("org.slf4j.simple.SimpleServiceProvider", CapturingSlf4jServiceProvider.class.getName());
        assertThat(System.getProperty("slf4j.provider")).isEqualTo(CapturingSlf4jServiceProvider.class.getName());
        assertThat(CapturingSlf4jServiceProvider.isActive()).isTrue();
    }

    @Test
    void assertNoLeakOnTextNamesTheMaskedValueOnly() {
        LeakDetector leaks = LeakDetector.create().watch(SECRET);
        assertThatCode(() -> leaks.assertNoLeak("Secret{key=app/token, value=****}"))
                .doesNotThrowAnyException();
        assertThatCode(() -> leaks.assertNoLeak((String) null)).doesNotThrowAnyException();
        assertThatThrownBy(() -> leaks.assertNoLeak("value=" + SECRET))
                .isInstanceOf(AssertionError.class)
                .hasMessage("A watched secret (s3****) appears in the text checked");
    }

    @Test
    void assertNoLeakOnThrowableWalksCausesAndSuppressed() {
        LeakDetector leaks = LeakDetector.create().watch(SECRET);
        RuntimeException inCause = new RuntimeException("outer", new IllegalArgumentException("bad " + SECRET));
        RuntimeException inSuppressed = new RuntimeException("outer");
        inSuppressed.addSuppressed(new IOException("closing " + SECRET));
        RuntimeException clean = new RuntimeException("outer", new IllegalArgumentException("bad key app/x"));

        assertThatThrownBy(() -> leaks.assertNoLeak(inCause))
                .hasMessage("A watched secret (s3****) appears in the message of java.lang.IllegalArgumentException");
        assertThatThrownBy(() -> leaks.assertNoLeak(inSuppressed))
                .hasMessage("A watched secret (s3****) appears in the message of java.io.IOException");
        assertThatCode(() -> leaks.assertNoLeak(clean)).doesNotThrowAnyException();
        assertThatCode(() -> leaks.assertNoLeak((Throwable) null)).doesNotThrowAnyException();
    }

    @Test
    void assertNoLeakOnThrowableSeesWhatOnlyTheStackTraceShows() {
        LeakDetector leaks = LeakDetector.create().watch(SECRET);
        RuntimeException custom = new RuntimeException("plain") {
            private static final long serialVersionUID = 1L;

            @Override
            public void printStackTrace(java.io.PrintWriter s) {
                s.println("dump " + SECRET);
            }
        };
        assertThatThrownBy(() -> leaks.assertNoLeak(custom))
                .hasMessageStartingWith("A watched secret (s3****) appears in the stack trace of");
    }

    @Test
    void ignoresValuesTooShortToTellApartAndWatchesLinesOfMultiLineValues() {
        LeakDetector leaks =
                LeakDetector.create().watch("abc", "", null, "   ", "first-line-" + SECRET + "\nsecond line of it");
        assertThat(leaks.isWatched("abc")).isFalse();
        assertThatCode(() -> leaks.assertNoLeak("abc is fine")).doesNotThrowAnyException();
        assertThatThrownBy(() -> leaks.assertNoLeak("the log had: second line of it"))
                .hasMessage("A watched secret (se****) appears in the text checked");
        leaks.watch(List.of("abcd"));
        assertThat(leaks.isWatched("abcd")).isTrue();
    }

    @Test
    void masksShortValuesCompletely() {
        assertThat(LeakDetector.mask("s3cr3t-long-value")).isEqualTo("s3****");
        assertThat(LeakDetector.mask("short")).isEqualTo("****");
        assertThat(LeakDetector.mask(null)).isEqualTo("****");
    }

    private static String message(PlatformRun run, String test) {
        TestExecutionResult r = run.results().get(test);
        assertThat(r).as("result of %s", test).isNotNull();
        assertThat(r.getStatus()).as("status of %s", test).isEqualTo(TestExecutionResult.Status.FAILED);
        return r.getThrowable().orElseThrow().getMessage();
    }
}
