package dev.moat.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.MessageText;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bounds of the program runner: at most {@code running} programs at once and
 * {@code waiting} more in line, a run beyond both answered BUSY at once, and the message text
 * closed once whatever the outcome, so its buffer is never leaked.
 */
class ProgramRunnerTest {
    private final ProgramRunner runner = new ProgramRunner(() -> new ProgramRunner.Bounds(1, 1),
            new MoatMetrics(new SimpleMeterRegistry()));
    private final AtomicInteger closed = new AtomicInteger();

    @AfterEach
    void close() {
        runner.close();
    }

    private MessageText text() {
        return new MessageText() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    private static Program shell(String line) {
        return new Program(List.of(line), true, Duration.ofSeconds(10), Program.DEFAULT_EXIT_CODES, List.of(), "no");
    }

    @Test
    void aRunBeyondRunningAndWaitingIsBusyAtOnceAndTheOthersRunInTurn() throws Exception {
        var first = runner.run(shell("cat >/dev/null; sleep 1; exit 1"), Map.of(), text()).toCompletableFuture();
        var second = runner.run(shell("cat >/dev/null; exit 2"), Map.of(), text()).toCompletableFuture();
        var third = runner.run(shell("exit 0"), Map.of(), text()).toCompletableFuture();

        assertEquals(ProgramRunner.Outcome.BUSY, third.get(1, TimeUnit.SECONDS).outcome());
        assertEquals(ProgramRunner.Outcome.REJECT, first.get(20, TimeUnit.SECONDS).outcome());
        assertEquals(ProgramRunner.Outcome.DISCARD, second.get(20, TimeUnit.SECONDS).outcome());
        assertEquals(3, closed.get());
    }

    @Test
    void theEnvironmentHoldsOnlyPathAndWhatTheRuleGivesNotTheJvmsOwn() throws Exception {
        assertTrue(System.getenv("HOME") != null || System.getenv("USER") != null, "the JVM has an environment");
        // env prints NAME=value; sed makes each a header field the runner can keep
        var program = new Program(List.of("env | sed 's/=/: /'"), true, Duration.ofSeconds(10), Map.of(0,
                Program.Answer.ADD_HEADER), List.of("MOAT_RULE", "PATH", "HOME", "USER", "MOAT_ADMIN_TOKEN"), "no");
        var result = runner.run(program, Map.of("MOAT_RULE", "r1"), text()).toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertEquals(List.of("PATH: " + ProgramRunner.PATH, "MOAT_RULE: r1"),
                result.headers().stream().map(h -> h.text()).sorted((a, b) -> b.compareTo(a)).toList());
        assertNotEquals(ProgramRunner.Outcome.FAILED, result.outcome());
        assertTrue(closed.get() == 1);
    }
}
