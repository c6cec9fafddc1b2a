package dev.arcanum.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log line our code writes (DEBUG and up), messages and exception texts, for leak checks. */
final class CapturedLogs implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.arcanum");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLogs() {
        appender.start();
        logger.addAppender(appender);
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            StringBuilder sb = new StringBuilder(e.getLevel() + " " + e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Asserts no captured line contains any of the given secrets (tokens, values). */
    void assertNoLeakOf(String... secrets) {
        for (String line : lines()) {
            for (String s : secrets) {
                assertThat(line).as("a log line leaks a secret").doesNotContain(s);
            }
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
