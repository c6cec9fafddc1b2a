package dev.arcanum.secrets.test.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;

/**
 * Turns every call, classic or fluent, into a {@link CapturedLogEvent} for the registered sinks.
 * Every level is enabled on purpose: a leak in a TRACE message is still a leak.
 */
final class CapturingLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    private final transient MDCAdapter mdc;

    CapturingLogger(String name, MDCAdapter mdc) {
        this.name = name;
        this.mdc = mdc;
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
        List<String> markers = marker == null ? List.of() : List.of(marker.getName());
        record(level, messagePattern, arguments, throwable, Map.of(), markers);
    }

    @Override
    public void log(LoggingEvent event) {
        Map<String, String> keyValues = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                keyValues.put(String.valueOf(pair.key), text(pair.value));
            }
        }
        List<String> markers = new ArrayList<>();
        if (event.getMarkers() != null) {
            for (Marker m : event.getMarkers()) {
                markers.add(m.getName());
            }
        }
        record(
                event.getLevel(),
                event.getMessage(),
                event.getArgumentArray(),
                event.getThrowable(),
                keyValues,
                markers);
    }

    private void record(
            Level level,
            String pattern,
            Object[] arguments,
            Throwable throwable,
            Map<String, String> keyValues,
            List<String> markers) {
        Object[] args = arguments == null ? new Object[0] : arguments;
        Throwable thrown = throwable != null ? throwable : MessageFormatter.getThrowableCandidate(args);
        String formatted;
        try {
            formatted = MessageFormatter.basicArrayFormat(pattern, args);
        } catch (RuntimeException e) {
            formatted = pattern;
        }
        List<String> argTexts = new ArrayList<>(args.length);
        for (Object a : args) {
            argTexts.add(text(a));
        }
        Map<String, String> context = mdc.getCopyOfContextMap();
        CapturedLogEvent event = new CapturedLogEvent(
                name,
                level.name(),
                Thread.currentThread().getName(),
                pattern,
                formatted,
                argTexts,
                keyValues,
                markers,
                thrown == null ? "" : stackTrace(thrown),
                context == null ? Map.of() : context);
        for (LogEventSink sink : CapturingSlf4jServiceProvider.sinks()) {
            sink.accept(event);
        }
        // Read per event so a test (or a build) can change it without restarting SLF4J.
        if (EchoLevel.parse(System.getProperty(CapturingSlf4jServiceProvider.ECHO_PROPERTY))
                .echoes(event.level())) {
            echo(event);
        }
    }

    private static void echo(CapturedLogEvent event) {
        String line = "captured " + event.level() + " " + event.loggerName() + " - " + event.formattedMessage();
        if (!event.throwableText().isEmpty()) {
            line = line + System.lineSeparator() + event.throwableText();
        }
        for (LogEventSink sink : CapturingSlf4jServiceProvider.sinks()) {
            line = sink.redact(line);
        }
        System.err.println(line);
    }

    private static String text(Object o) {
        if (o == null) {
            return "null";
        }
        try {
            if (o instanceof Object[]) {
                return Arrays.deepToString((Object[]) o);
            }
            if (o.getClass().isArray()) {
                return Arrays.deepToString(new Object[] {o});
            }
            return String.valueOf(o);
        } catch (RuntimeException e) {
            // A broken toString must not break the code under test; note what happened instead.
            return "<toString of " + o.getClass().getName() + " threw "
                    + e.getClass().getName() + ">";
        }
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            t.printStackTrace(w);
        } catch (RuntimeException e) {
            return t.getClass().getName();
        }
        return out.toString();
    }
}
