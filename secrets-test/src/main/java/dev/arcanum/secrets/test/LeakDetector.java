package dev.arcanum.secrets.test;

import dev.arcanum.secrets.test.logging.CapturedLogEvent;
import dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider;
import dev.arcanum.secrets.test.logging.LogEventSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A JUnit 5 extension that fails a test when a watched secret value or credential shows up in
 * anything the test can see: an SLF4J event at any level (formatted message, arguments, key-value
 * pairs, MDC, the logged throwable's messages and stack trace), an exception the test throws, or a
 * text handed to {@link #assertNoLeak(String)}.
 *
 * <pre>{@code
 * class MyProviderTest {
 *     @RegisterExtension
 *     final LeakDetector leaks = LeakDetector.create();
 *
 *     @Test
 *     void neverLogsTheToken() {
 *         leaks.watch(token);
 *         provider.get("app/db");        // any log line with the token fails the test
 *         leaks.assertNoLeak(provider.toString());
 *     }
 * }
 * }</pre>
 *
 * <p>It may also be registered with {@code @ExtendWith(LeakDetector.class)}; the test then gets the
 * detector as a {@code LeakDetector} parameter of its test method (or constructor, or lifecycle
 * method).
 *
 * <p><b>How log events are seen</b>: through the SLF4J 2 provider {@link
 * CapturingSlf4jServiceProvider} of this jar. When another SLF4J backend is also on the test class
 * path, SLF4J may choose that one instead; then set the system property {@code
 * slf4j.provider=dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider} (surefire {@code
 * <systemPropertyVariables>}). When the capturing provider is not the active one the detector fails
 * every test in setup with that instruction, because a detector that silently checks nothing is
 * worse than none.
 *
 * <p><b>Reports</b> name where a value appeared (logger, level, the part of the event) and show the
 * value only masked, as its first two characters followed by {@code ****} (values shorter than 8
 * characters as {@code ****} alone), so the report itself does not leak.
 *
 * <p><b>What is watched</b>: every value given to {@link #watch}, for the rest of this detector's
 * life (an instance field detector lives for one test, a static one for the test class). Values
 * shorter than {@value #MIN_WATCHED_LENGTH} characters or blank are ignored: they occur in ordinary
 * text by chance and would fail tests for nothing; use distinctive values in tests. A multi-line value
 * is also watched line by line (lines of at least 8 characters), since a log line often carries only
 * one of its lines.
 *
 * <p><b>Threads</b>: events from every thread are checked, including background threads of the code
 * under test. When tests run in parallel an event logged by one test is seen by every detector active
 * at that moment. Thread-safe.
 */
public final class LeakDetector
        implements BeforeEachCallback,
                AfterEachCallback,
                TestExecutionExceptionHandler,
                LifecycleMethodExecutionExceptionHandler,
                ParameterResolver {

    /** Watched values shorter than this are ignored (see the class documentation). */
    public static final int MIN_WATCHED_LENGTH = 4;

    private static final int MIN_LINE_LENGTH = 8;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakDetector.class);

    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final BooleanSupplier captureActive;
    private final Supplier<String> activeFactoryName;

    /**
     * For {@code @ExtendWith(LeakDetector.class)}; code should call {@link #create()}.
     */
    public LeakDetector() {
        this(CapturingSlf4jServiceProvider::isActive, CapturingSlf4jServiceProvider::activeLoggerFactoryName);
    }

    LeakDetector(BooleanSupplier captureActive, Supplier<String> activeFactoryName) {
        this.captureActive = captureActive;
        this.activeFactoryName = activeFactoryName;
    }

    /**
     * @return a new detector watching nothing yet
     */
    public static LeakDetector create() {
        return new LeakDetector();
    }

    /**
     * Adds values that must never appear. Null, blank and too-short values are ignored (see the class
     * documentation).
     *
     * @param secrets values, tokens, passwords, client secrets
     * @return this detector
     */
    public LeakDetector watch(String... secrets) {
        if (secrets != null) {
            for (String s : secrets) {
                add(s);
            }
        }
        return this;
    }

    /**
     * Adds values that must never appear.
     *
     * @param secrets the values; null elements are ignored
     * @return this detector
     */
    public LeakDetector watch(Collection<String> secrets) {
        if (secrets != null) {
            for (String s : secrets) {
                add(s);
            }
        }
        return this;
    }

    private void add(String s) {
        if (s == null || s.isBlank() || s.length() < MIN_WATCHED_LENGTH) {
            return;
        }
        watched.add(s);
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            for (String line : s.split("\\R")) {
                if (line.strip().length() >= MIN_LINE_LENGTH) {
                    watched.add(line);
                }
            }
        }
    }

    /**
     * @return true if the detector watches this value (it was given and is long enough)
     * @param value a value
     */
    public boolean isWatched(String value) {
        return value != null && watched.contains(value);
    }

    /**
     * Fails if a watched value appears in the text.
     *
     * @param text any text (a {@code toString()}, a message, a CLI output); null passes
     * @throws AssertionError naming the masked value
     */
    public void assertNoLeak(String text) {
        if (text == null) {
            return;
        }
        String found = firstWatchedIn(text);
        if (found != null) {
            throw new AssertionError("A watched secret (" + mask(found) + ") appears in the text checked");
        }
    }

    /**
     * Fails if a watched value appears in the throwable: its message, its {@code toString()}, its
     * causes and suppressed exceptions (recursively), or its stack trace text.
     *
     * @param t a throwable; null passes
     * @throws AssertionError naming the exception class and the masked value, never the value
     */
    public void assertNoLeak(Throwable t) {
        String problem = leakIn(t);
        if (problem != null) {
            AssertionError e = new AssertionError(problem);
            e.setStackTrace(t.getStackTrace());
            throw e;
        }
    }

    private String leakIn(Throwable t) {
        if (t == null) {
            return null;
        }
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        String inChain = leakInChain(t, seen);
        if (inChain != null) {
            return inChain;
        }
        // Custom printStackTrace or getStackTrace overrides can still print something of their own.
        String found = firstWatchedIn(stackTraceText(t));
        return found == null
                ? null
                : "A watched secret (" + mask(found) + ") appears in the stack trace of "
                        + t.getClass().getName();
    }

    private String leakInChain(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return null;
        }
        String found = firstWatchedIn(String.valueOf(t.getMessage()));
        if (found == null) {
            found = firstWatchedIn(safeToString(t));
        }
        if (found == null) {
            found = firstWatchedIn(String.valueOf(t.getLocalizedMessage()));
        }
        if (found != null) {
            return "A watched secret (" + mask(found) + ") appears in the message of "
                    + t.getClass().getName();
        }
        String inCause = leakInChain(t.getCause(), seen);
        if (inCause != null) {
            return inCause;
        }
        for (Throwable s : t.getSuppressed()) {
            String inSuppressed = leakInChain(s, seen);
            if (inSuppressed != null) {
                return inSuppressed;
            }
        }
        return null;
    }

    private String firstWatchedIn(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        for (String s : watched) {
            if (text.contains(s)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Masks a value for a report: its first two characters and {@code ****}, or {@code ****} alone
     * for values shorter than 8 characters.
     *
     * @param value the value
     * @return the masked form
     */
    public static String mask(String value) {
        if (value == null || value.length() < 8) {
            return "****";
        }
        return value.substring(0, 2) + "****";
    }

    String redact(String line) {
        String out = line;
        for (String s : watched) {
            if (out.contains(s)) {
                out = out.replace(s, mask(s));
            }
        }
        return out;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!captureActive.getAsBoolean()) {
            throw new ExtensionConfigurationException("LeakDetector cannot see log events: the active SLF4J"
                    + " logger factory is " + activeFactoryName.get() + ", not the capturing provider of"
                    + " dev.arcanum:secrets-test. Another SLF4J backend is on the test class path; select ours"
                    + " with the system property"
                    + " slf4j.provider=dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider (Maven:"
                    + " maven-surefire-plugin <systemPropertyVariables>).");
        }
        Capture capture = new Capture();
        context.getStore(NAMESPACE).put(Capture.class, capture);
        CapturingSlf4jServiceProvider.register(capture);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Capture capture = context.getStore(NAMESPACE).remove(Capture.class, Capture.class);
        if (capture == null) {
            return;
        }
        CapturingSlf4jServiceProvider.unregister(capture);
        List<String> problems = new ArrayList<>();
        for (CapturedLogEvent event : capture.events) {
            String where = leakIn(event);
            if (where != null) {
                problems.add(where);
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("A watched secret was logged " + problems.size() + " time(s):"
                    + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems));
        }
    }

    private String leakIn(CapturedLogEvent e) {
        String place = "logger " + e.loggerName() + " at " + e.level();
        String found = firstWatchedIn(e.formattedMessage());
        if (found != null) {
            return mask(found) + " in the message of " + place;
        }
        found = firstWatchedIn(e.messagePattern());
        if (found != null) {
            return mask(found) + " in the message pattern of " + place;
        }
        for (int i = 0; i < e.arguments().size(); i++) {
            found = firstWatchedIn(e.arguments().get(i));
            if (found != null) {
                return mask(found) + " in argument " + (i + 1) + " of " + place;
            }
        }
        for (Map.Entry<String, String> kv : e.keyValues().entrySet()) {
            found = firstWatchedIn(kv.getKey() + "=" + kv.getValue());
            if (found != null) {
                return mask(found) + " in the key-value pair '" + keyName(kv.getKey()) + "' of " + place;
            }
        }
        for (Map.Entry<String, String> kv : e.mdc().entrySet()) {
            found = firstWatchedIn(kv.getKey() + "=" + kv.getValue());
            if (found != null) {
                return mask(found) + " in the MDC entry '" + keyName(kv.getKey()) + "' of " + place;
            }
        }
        for (String marker : e.markers()) {
            found = firstWatchedIn(marker);
            if (found != null) {
                return mask(found) + " in a marker of " + place;
            }
        }
        found = firstWatchedIn(e.throwableText());
        if (found != null) {
            return mask(found) + " in the logged throwable (message or stack trace) of " + place;
        }
        return null;
    }

    private String keyName(String key) {
        return firstWatchedIn(key) == null ? key : redact(key);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw withheldIfLeaking(throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withheldIfLeaking(throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw withheldIfLeaking(throwable);
    }

    /** Replaces a failure that carries a watched value: rethrowing it would print the value in the report. */
    private Throwable withheldIfLeaking(Throwable throwable) {
        String problem = leakIn(throwable);
        if (problem == null) {
            return throwable;
        }
        AssertionError e = new AssertionError("The test failed with an exception that carries a watched secret;"
                + " the original is withheld. " + problem);
        e.setStackTrace(throwable.getStackTrace());
        return e;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LeakDetector.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return this;
    }

    private static String safeToString(Throwable t) {
        try {
            return t.toString();
        } catch (RuntimeException e) {
            return t.getClass().getName();
        }
    }

    private static String stackTraceText(Throwable t) {
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            t.printStackTrace(w);
        } catch (RuntimeException e) {
            return "";
        }
        return out.toString();
    }

    /** The events of one test. */
    private final class Capture implements LogEventSink {
        private final Collection<CapturedLogEvent> events = new ConcurrentLinkedQueue<>();

        @Override
        public void accept(CapturedLogEvent event) {
            events.add(Objects.requireNonNull(event));
        }

        @Override
        public String redact(String line) {
            return LeakDetector.this.redact(line);
        }
    }
}
