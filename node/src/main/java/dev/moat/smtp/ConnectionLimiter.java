package dev.moat.smtp;

import dev.moat.net.IpAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open SMTP connections in total and per client address, against limits read at each
 * connection (so a settings change applies to the next connection). Lock-free: one counter
 * per address that has connections open, removed when its last one closes.
 */
public final class ConnectionLimiter {

    /** The gate's answer for one new connection. */
    public enum Admission { ADMITTED, TOO_MANY_TOTAL, TOO_MANY_FROM_ADDRESS }

    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<IpAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public Admission tryAcquire(IpAddress client, int maxTotal, int maxPerAddress) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Admission.TOO_MANY_TOTAL;
        }
        var admitted = new boolean[1];
        perAddress.compute(client, (address, count) -> {
            var c = count == null ? new AtomicInteger() : count;
            if (c.get() < maxPerAddress) {
                c.incrementAndGet();
                admitted[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return Admission.TOO_MANY_FROM_ADDRESS;
        }
        return Admission.ADMITTED;
    }

    /** A connection counted against no address (a proxy's health check): only the total applies. */
    public Admission tryAcquireTotalOnly(int maxTotal) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Admission.TOO_MANY_TOTAL;
        }
        return Admission.ADMITTED;
    }

    public void releaseTotalOnly() {
        total.decrementAndGet();
    }

    public void release(IpAddress client) {
        perAddress.computeIfPresent(client, (address, count) -> count.decrementAndGet() <= 0 ? null : count);
        total.decrementAndGet();
    }

    public int open() {
        return total.get();
    }

    public int open(IpAddress client) {
        var count = perAddress.get(client);
        return count == null ? 0 : count.get();
    }
}
