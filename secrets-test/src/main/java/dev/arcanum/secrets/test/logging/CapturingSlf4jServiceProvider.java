package dev.arcanum.secrets.test.logging;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An SLF4J 2 provider that hands every event, at every level, to the registered {@link
 * LogEventSink}s (the {@link dev.arcanum.secrets.test.LeakDetector}), so a test can prove that no
 * secret value reaches a log line.
 *
 * <p>It is registered in {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider} and becomes
 * the active provider when it is the only SLF4J backend on the test class path. When another backend
 * (Logback, slf4j-simple, …) is there too, SLF4J picks one of them by class-path order; select this
 * one explicitly with the system property
 * {@code slf4j.provider=dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider} (in Maven,
 * surefire's {@code <systemPropertyVariables>}). {@link #isActive()} tells which case holds, and the
 * leak detector refuses to run when it is false rather than checking nothing.
 *
 * <p>Every level is enabled, so code under test formats even its TRACE messages and any leak there is
 * found. {@code WARN} and {@code ERROR} events are echoed to standard error (with every watched value
 * masked) so a failing test still shows what went wrong, as {@code captured WARN logger - message};
 * set the system property {@value #ECHO_PROPERTY} to {@code none}, {@code warn} (the default) or
 * {@code all} (read at each event).
 *
 * <p>Thread-safe. The MDC is SLF4J's thread-local {@link BasicMDCAdapter}.
 */
public final class CapturingSlf4jServiceProvider implements SLF4JServiceProvider {
    /** System property choosing which levels are echoed to standard error: none, warn, all. */
    public static final String ECHO_PROPERTY = "arcanum.secrets.test.log.echo";

    /** Requested SLF4J API version, as SLF4J's own providers declare it. */
    private static final String REQUESTED_API_VERSION = "2.0.99";

    private static final List<LogEventSink> SINKS = new CopyOnWriteArrayList<>();

    private volatile CapturingLoggerFactory loggerFactory;
    private volatile IMarkerFactory markerFactory;
    private volatile MDCAdapter mdcAdapter;

    /** Called by SLF4J's {@link java.util.ServiceLoader}; does nothing until {@link #initialize()}. */
    public CapturingSlf4jServiceProvider() {}

    /**
     * Starts delivering events to a sink until {@link #unregister} is called with it.
     *
     * @param sink the sink; never null
     */
    public static void register(LogEventSink sink) {
        SINKS.add(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Stops delivering events to a sink. Unknown sinks are ignored.
     *
     * @param sink the sink
     */
    public static void unregister(LogEventSink sink) {
        SINKS.remove(sink);
    }

    /**
     * @return true when SLF4J's active provider is this one, so events reach the sinks
     */
    public static boolean isActive() {
        return LoggerFactory.getILoggerFactory() instanceof CapturingLoggerFactory;
    }

    /**
     * @return the class name of SLF4J's active logger factory, to name it in an error message
     */
    public static String activeLoggerFactoryName() {
        return LoggerFactory.getILoggerFactory().getClass().getName();
    }

    static List<LogEventSink> sinks() {
        return SINKS;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }

    @Override
    public void initialize() {
        markerFactory = new BasicMarkerFactory();
        mdcAdapter = new BasicMDCAdapter();
        loggerFactory = new CapturingLoggerFactory(mdcAdapter);
    }
}
