package dev.moat.bench;

import dev.moat.content.BannedLineLists;
import dev.moat.content.BannedLines;
import dev.moat.content.BannedList;
import dev.moat.content.EffectiveBannedLines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Scanning message text against the Banned Body Lines on one core: one operation is 1 MiB of
 * body text (lines of 20 to 78 characters from a 400-word vocabulary, a few match a wildcard
 * line by chance), so operations per second are MiB per second. {@link #scan} does what a
 * session does per line (finds its CRLF and looks its octets up, no string made);
 * {@link #lookup} only the lookups, of lines split beforehand. The list holds {@code exact}
 * lines without a wildcard and always the same 1,000 wildcard lines (a third must start with a
 * run, a third end with one, a third hold one anywhere): 9,000 + 1,000 is the goal's 10,000
 * lines with 10 % wildcards, and 1,000, 9,000 and 99,000 exact lines in one run show whether
 * the cost grows with them. {@code exactLines=numbered} ends each exact line with its number,
 * as the first version of this benchmark did (a text line never ends with a digit, so the
 * first/last-octet bitmap turns every line away); {@code plain} exact lines are sentences of
 * the same vocabulary as the text, so every line is hashed and probed: the hard case.
 * Target: 300 MB/s or more, and no slow-down as exact lines are added.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BannedLinesBenchmark {
    static final int WILDCARDS = 1_000;
    private static final int TEXT = 1 << 20;

    @Param({"1000", "9000", "99000"})
    public int exact;

    @Param({"numbered", "plain"})
    public String exactLines = "numbered";

    private EffectiveBannedLines lines;
    private byte[] text;
    private int[] starts;
    private int[] lengths;

    @Setup
    public void build() {
        Random random = new Random(7);
        List<String> vocabulary = vocabulary(random);
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < exact; i++) {
            list.append(sentence(random, vocabulary, 30, 78));
            list.append(exactLines.equals("plain") ? "" : " #" + i).append('\n');
        }
        for (int i = 0; i < WILDCARDS; i++) {
            String run = sentence(random, vocabulary, 12, 30);
            list.append(switch (i % 3) {
                case 0 -> run + " *";
                case 1 -> "* " + run;
                default -> "*" + run + " " + i + "*";
            }).append('\n');
        }
        var parsed = BannedLines.parse(list.toString(), BannedList.BODY, "server-wide");
        if (!parsed.ok()) {
            throw new IllegalStateException(parsed.errors().toString());
        }
        lines = new EffectiveBannedLines(BannedLineLists.EMPTY.withBody(parsed.lines()), BannedLineLists.EMPTY);
        StringBuilder body = new StringBuilder(TEXT + 100);
        List<int[]> bodyLines = new ArrayList<>();
        while (body.length() < TEXT) {
            String line = sentence(random, vocabulary, 20, 78);
            bodyLines.add(new int[] {body.length(), line.length()});
            body.append(line).append("\r\n");
        }
        text = body.toString().getBytes(StandardCharsets.ISO_8859_1);
        starts = bodyLines.stream().mapToInt(line -> line[0]).toArray();
        lengths = bodyLines.stream().mapToInt(line -> line[1]).toArray();
        if (scan() != lookup()) {
            throw new IllegalStateException("both benchmarks must find the same lines");
        }
    }

    private static List<String> vocabulary(Random random) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder word = new StringBuilder();
            for (int j = 0; j < 2 + random.nextInt(8); j++) {
                word.append((char) ((random.nextInt(8) == 0 ? 'A' : 'a') + random.nextInt(26)));
            }
            words.add(word.toString());
        }
        return words;
    }

    private static String sentence(Random random, List<String> words, int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder line = new StringBuilder();
        while (line.length() < length) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(words.get(random.nextInt(words.size())));
        }
        return line.length() > max ? line.substring(0, max).strip() : line.toString();
    }

    /**
     * 1 MiB of CRLF lines: each line found (its CRLF searched octet by octet, as the first
     * version of this benchmark did, so the two compare) and its octets looked up where they
     * lie, as {@code IncomingMessage} hands them.
     */
    @Benchmark
    public int scan() {
        int found = 0;
        int start = 0;
        for (int i = 0; i < text.length - 1; i++) {
            if (text[i] == '\r' && text[i + 1] == '\n') {
                found += lines.body(text, start, i - start) == null ? 0 : 1;
                start = i + 2;
                i++;
            }
        }
        return found;
    }

    /**
     * The same lines, their places found beforehand: the lookups alone, which is what banned
     * lines add to a session (its line decoder reads every octet for every message anyway).
     */
    @Benchmark
    public int lookup() {
        int found = 0;
        for (int i = 0; i < starts.length; i++) {
            found += lines.body(text, starts[i], lengths[i]) == null ? 0 : 1;
        }
        return found;
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(BannedLinesBenchmark.class.getName())
                .build()).run();
    }
}
