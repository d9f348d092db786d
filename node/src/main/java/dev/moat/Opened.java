package dev.moat;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a starting node has opened so far (its cluster member, threads, listeners...), so that
 * a start that fails half-way closes them again, the last opened first: a node that could not
 * bind its SMTP port must not leave its member in the cluster or its threads running.
 */
final class Opened {
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    /** Remembers how to close something just opened. */
    void add(AutoCloseable close) {
        opened.push(close);
    }

    /** Closes everything opened, last first; what fails to close is added to {@code failure}. */
    void closeAll(Throwable failure) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception | LinkageError e) {
                failure.addSuppressed(e);
            }
        }
    }
}
