package dev.moat.cluster;

import java.util.Arrays;
import org.slf4j.Logger;

/**
 * A warning that anyone in the cluster can provoke at will (a stranger's writes, a full list),
 * logged at most once per interval: the first at once, the rest counted and the count added
 * to the next line that is logged, so a flood cannot fill the disk with logs.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private long lastNanos;
    private boolean logged;
    private int suppressed;

    RateLimitedLog(Logger log, java.time.Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    synchronized void warn(String format, Object... arguments) {
        long now = System.nanoTime();
        if (logged && now - lastNanos < intervalNanos) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
            withCount[arguments.length] = suppressed;
            log.warn(format + " ({} more like it not logged since the last)", withCount);
        } else {
            log.warn(format, arguments);
        }
        logged = true;
        lastNanos = now;
        suppressed = 0;
    }
}
