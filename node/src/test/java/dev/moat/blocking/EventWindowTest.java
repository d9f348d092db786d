package dev.moat.blocking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The window arithmetic the cluster runs on each key's owner: the count of events inside the window that ends now. */
class EventWindowTest {
    private static final long T = 60_000;

    private static long[] events(long... times) {
        long[] window = new long[0];
        for (long time : times) {
            window = EventWindow.record(window, time, T, 11);
        }
        return window;
    }

    @Test
    void eventsInsideOneWindowAllCount() {
        assertEquals(3, events(0, 10_000, 59_999).length);
    }

    @Test
    void anEventOneWindowOldNoLongerCounts() {
        assertArrayEquals(new long[] {60_000}, events(0, 60_000));
        assertEquals(2, events(0, 30_000, 61_000).length);
    }

    @Test
    void eventsSpreadOverMoreThanTheWindowNeverAddUp() {
        long[] window = new long[0];
        for (int i = 0; i < 100; i++) {
            window = EventWindow.record(window, i * 31_000L, T, 11);
            assertEquals(i == 0 ? 1 : 2, window.length, "event " + i);
        }
    }

    @Test
    void itKeepsAtMostWhatTheThresholdsNeed() {
        long[] window = new long[0];
        for (int i = 0; i < 50; i++) {
            window = EventWindow.record(window, i, T, 4);
        }
        assertArrayEquals(new long[] {46, 47, 48, 49}, window);
    }

    @Test
    void aLaggingClockStillKeepsTheTimesInOrder() {
        assertArrayEquals(new long[] {1_000, 5_000, 9_000}, events(1_000, 9_000, 5_000));
    }
}
