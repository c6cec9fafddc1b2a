package dev.arcanum.secrets.test.logging;

/**
 * Receives every event the capturing provider sees while it is registered with {@link
 * CapturingSlf4jServiceProvider#register}.
 *
 * <p>Called on the logging thread, possibly from many threads at once: implementations are
 * thread-safe and fast, and never log (that would recurse).
 */
public interface LogEventSink {

    /**
     * @param event the event; never null
     */
    void accept(CapturedLogEvent event);

    /**
     * Masks what this sink watches for in a line about to be echoed to standard error, so the echo
     * of a leaking event does not carry the leak into the build log.
     *
     * @param line the line
     * @return the line with every watched value masked; the default returns it unchanged
     */
    default String redact(String line) {
        return line;
    }
}
