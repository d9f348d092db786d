package dev.moat.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What one logger wrote while a test ran, at INFO and above: {@link #lines()} gives each event's
 * level and formatted message, as {@code WARN message}. Closing detaches it and restores the
 * logger's level.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level level;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.level = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
    }

    public static LogCapture of(Class<?> loggerClass) {
        return new LogCapture((Logger) LoggerFactory.getLogger(loggerClass));
    }

    /** Every event so far, as {@code LEVEL message}. */
    public synchronized List<String> lines() {
        return List.copyOf(appender.list).stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }
}
