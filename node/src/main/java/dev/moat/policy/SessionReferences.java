package dev.moat.policy;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the short reference of each session ({@code 7KQ2M9XA3B}: ten characters of Crockford's
 * base 32), which its refusals, its {@code Received:} header and its decision records carry. The
 * first two characters are this node's tag, which no other member of the cluster holds while it
 * runs (the cluster hands it out); the other eight a sequence in units of 10 µs since 2026, at
 * least one more than the last, so one node never repeats a reference within 127 days and two
 * nodes never share one. Thread-safe and lock-free.
 */
public final class SessionReferences {
    /** How many tags there are: two base-32 characters. */
    public static final int TAGS = 1024;
    private static final String DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final long EPOCH_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
    private static final long SEQUENCE_MASK = (1L << 40) - 1;

    private final int tag;
    private final AtomicLong last = new AtomicLong();

    /** {@code tag}: 0 to 1023, this node's alone in the cluster. */
    public SessionReferences(int tag) {
        if (tag < 0 || tag >= TAGS) {
            throw new IllegalArgumentException("a tag is 0 to " + (TAGS - 1) + ": " + tag);
        }
        this.tag = tag;
    }

    /** A node alone (tests, tools): a random tag. */
    public static SessionReferences unclaimed() {
        return new SessionReferences(ThreadLocalRandom.current().nextInt(TAGS));
    }

    public int tag() {
        return tag;
    }

    public String next() {
        long now = (System.currentTimeMillis() * 1000 - EPOCH_MICROS) / 10;
        long sequence = last.updateAndGet(previous -> Math.max(previous + 1, now));
        long value = ((long) tag << 40) | (sequence & SEQUENCE_MASK);
        char[] text = new char[10];
        for (int i = 9; i >= 0; i--) {
            text[i] = DIGITS.charAt((int) (value & 31));
            value >>>= 5;
        }
        return new String(text);
    }
}
