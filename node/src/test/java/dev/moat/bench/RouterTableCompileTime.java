package dev.moat.bench;

import dev.moat.router.RouterTable;

/**
 * The cold cost of compiling a 100,000-record Router table ({@link RouterTableGenerator}) in a
 * fresh JVM, as a node pays it when a new table arrives: JMH's single-shot figures come after
 * warm-up, this is the first parse. Target: under 2 s. Prints one line per run of the JVM.
 */
public final class RouterTableCompileTime {
    private RouterTableCompileTime() {
    }

    public static void main(String[] args) {
        String text = new RouterTableGenerator(1).table(RouterBenchmark.RECORDS);
        long started = System.nanoTime();
        RouterTable table = RouterTable.parse(text, "server").table();
        long took = System.nanoTime() - started;
        System.out.printf("compiled %,d records (%,d characters) in %d ms, cold%n", table.size(), text.length(),
                took / 1_000_000);
    }
}
