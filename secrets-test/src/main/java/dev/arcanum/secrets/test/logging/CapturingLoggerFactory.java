package dev.arcanum.secrets.test.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/** One {@link CapturingLogger} per name. */
final class CapturingLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final MDCAdapter mdc;
    private final EchoLevel echo;

    CapturingLoggerFactory(MDCAdapter mdc, EchoLevel echo) {
        this.mdc = mdc;
        this.echo = echo;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new CapturingLogger(n, mdc, echo));
    }
}
