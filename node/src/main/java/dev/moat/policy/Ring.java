package dev.moat.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * A bounded ring of the newest values: adding never blocks nor allocates beyond the value, and
 * past its capacity the oldest value is overwritten. Many threads may add and read at once; a
 * reader sees every value added before it started, newest first, except those overwritten
 * meanwhile.
 */
final class Ring<T> {
    private final AtomicReferenceArray<T> slots;
    private final AtomicLong next = new AtomicLong();

    Ring(int capacity) {
        slots = new AtomicReferenceArray<>(Math.max(1, capacity));
    }

    void add(T value) {
        long index = next.getAndIncrement();
        slots.lazySet((int) (index % slots.length()), value);
    }

    int capacity() {
        return slots.length();
    }

    /** How many values it holds now. */
    int size() {
        return (int) Math.min(next.get(), slots.length());
    }

    /** Up to {@code limit} values that pass {@code filter}, newest first. */
    List<T> newest(Predicate<? super T> filter, int limit) {
        List<T> found = new ArrayList<>(Math.min(limit, 64));
        long last = next.get() - 1;
        long first = Math.max(0, last - slots.length() + 1);
        for (long i = last; i >= first && found.size() < limit; i--) {
            T value = slots.get((int) (i % slots.length()));
            if (value != null && filter.test(value)) {
                found.add(value);
            }
        }
        return found;
    }

    /** Every value, oldest first: to carry the newest into a ring of another size. */
    List<T> all() {
        List<T> values = newest(value -> true, slots.length());
        java.util.Collections.reverse(values);
        return values;
    }
}
