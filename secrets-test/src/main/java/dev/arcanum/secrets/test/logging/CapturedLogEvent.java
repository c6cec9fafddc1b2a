package dev.arcanum.secrets.test.logging;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One SLF4J event as the capturing provider saw it, reduced to text so it can be searched for
 * secret values after the logging call returned (arguments may be mutable objects).
 *
 * <p>Immutable and thread-safe. Holds whatever the code under test logged, so it may itself hold a
 * leaked value: never print one; {@link dev.arcanum.secrets.test.LeakDetector} reports only where a
 * leak was found.
 */
public final class CapturedLogEvent {
    private final String loggerName;
    private final String level;
    private final String threadName;
    private final String messagePattern;
    private final String formattedMessage;
    private final List<String> arguments;
    private final Map<String, String> keyValues;
    private final List<String> markers;
    private final String throwableText;
    private final Map<String, String> mdc;

    CapturedLogEvent(
            String loggerName,
            String level,
            String threadName,
            String messagePattern,
            String formattedMessage,
            List<String> arguments,
            Map<String, String> keyValues,
            List<String> markers,
            String throwableText,
            Map<String, String> mdc) {
        this.loggerName = Objects.requireNonNull(loggerName, "loggerName");
        this.level = Objects.requireNonNull(level, "level");
        this.threadName = threadName == null ? "" : threadName;
        this.messagePattern = messagePattern == null ? "" : messagePattern;
        this.formattedMessage = formattedMessage == null ? "" : formattedMessage;
        this.arguments = List.copyOf(arguments);
        this.keyValues = Map.copyOf(keyValues);
        this.markers = List.copyOf(markers);
        this.throwableText = throwableText == null ? "" : throwableText;
        this.mdc = Map.copyOf(mdc);
    }

    /**
     * @return the logger's name, never null
     */
    public String loggerName() {
        return loggerName;
    }

    /**
     * @return {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR}
     */
    public String level() {
        return level;
    }

    /**
     * @return the name of the thread that logged, or the empty string
     */
    public String threadName() {
        return threadName;
    }

    /**
     * @return the message pattern before formatting, or the empty string
     */
    public String messagePattern() {
        return messagePattern;
    }

    /**
     * @return the message with its {@code {}} placeholders filled, or the empty string
     */
    public String formattedMessage() {
        return formattedMessage;
    }

    /**
     * @return the text of every argument, including those no placeholder consumed
     */
    public List<String> arguments() {
        return arguments;
    }

    /**
     * @return key-value pairs of the fluent API ({@code addKeyValue}), as text
     */
    public Map<String, String> keyValues() {
        return keyValues;
    }

    /**
     * @return the names of the markers, if any
     */
    public List<String> markers() {
        return markers;
    }

    /**
     * @return the throwable's full text (class, messages of it, its causes and suppressed
     *     exceptions, and the stack trace), or the empty string when none was logged
     */
    public String throwableText() {
        return throwableText;
    }

    /**
     * @return the MDC of the logging thread at the time of the call
     */
    public Map<String, String> mdc() {
        return mdc;
    }

    /**
     * @return logger, level and thread only: the message may hold a leaked value
     */
    @Override
    public String toString() {
        return "CapturedLogEvent{logger=" + loggerName + ", level=" + level + ", thread=" + threadName + "}";
    }
}
