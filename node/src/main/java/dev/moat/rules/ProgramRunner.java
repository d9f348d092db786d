package dev.moat.rules;

import dev.moat.mail.HeaderField;
import dev.moat.metrics.MoatMetrics;
import dev.moat.policy.MessageText;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the external programs of rules on threads of its own, never on a Netty event loop: at
 * most {@code running} at once and {@code waiting} more waiting for their turn (each on a
 * parked thread of its own); a run beyond both answers
 * {@code BUSY} at once. Each program starts without a shell (unless its rule asks for one), in
 * the temporary folder, with an environment holding only {@code PATH} and the envelope it is
 * given (nothing of Moat's own: no admin token, cluster secret or password), the message on its
 * standard input, streamed from the session's one copy, and its standard error discarded. Its
 * output is read at the same time, keeping at most {@link ProgramOutput#LIMIT} octets of its
 * header part. Past its timeout it and its children are killed. Both bounds are read at each
 * run, so a settings change applies to the next message.
 */
public final class ProgramRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProgramRunner.class);
    /** The only inherited variable: where programs are found. */
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /** Programs running at once, and runs that may wait for one to end. */
    public record Bounds(int running, int waiting) {
        public Bounds {
            if (running < 1 || waiting < 0) {
                throw new IllegalArgumentException("running must be at least 1 and waiting at least 0");
            }
        }
    }

    /** How a run ended, also the {@code outcome} tag of {@code moat.rules.program.runs}. */
    public enum Outcome { ACCEPT, ADD_HEADER, REJECT, DISCARD, FAILED, TIMED_OUT, BUSY }

    /** What a run answered: the outcome, the exit status (-1 when none), the fields kept from its output, why. */
    public record Result(Outcome outcome, int exitStatus, List<HeaderField> headers, String detail) {
        public Result {
            headers = List.copyOf(headers);
        }
    }

    private final Supplier<Bounds> bounds;
    private final MoatMetrics metrics;
    private final ExecutorService runners = Executors.newCachedThreadPool(daemon("moat-program"));
    private final ExecutorService readers = Executors.newCachedThreadPool(daemon("moat-program-output"));
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(daemon("moat-program-timeout"));
    private final AtomicInteger pending = new AtomicInteger();
    private int active;

    public ProgramRunner(Supplier<Bounds> bounds, MoatMetrics metrics) {
        this.bounds = bounds;
        this.metrics = metrics;
    }

    /**
     * Runs {@code program} with {@code environment} (added to {@code PATH}) and {@code text} on its
     * standard input, which it closes. Completes on a thread of this runner, never exceptionally.
     */
    public CompletionStage<Result> run(Program program, Map<String, String> environment, MessageText text) {
        var now = bounds.get();
        long started = System.nanoTime();
        if (pending.incrementAndGet() > now.running() + now.waiting()) {
            pending.decrementAndGet();
            text.close();
            return CompletableFuture.completedFuture(counted(new Result(Outcome.BUSY, -1, List.of(),
                    "too many programs running (rule-programs.max-running " + now.running() + ", max-waiting "
                            + now.waiting() + ")"), started));
        }
        var answer = new CompletableFuture<Result>();
        try {
            runners.execute(() -> {
                Result result;
                try {
                    enter();
                    try {
                        result = runNow(program, environment, text);
                    } finally {
                        leave();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result = new Result(Outcome.FAILED, -1, List.of(), "interrupted while waiting to run");
                } catch (RuntimeException e) {
                    log.error("external program {} failed to run", program.command().get(0), e);
                    result = new Result(Outcome.FAILED, -1, List.of(), "could not run: " + e);
                } finally {
                    text.close();
                    pending.decrementAndGet();
                }
                answer.complete(counted(result, started));
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            text.close();
            answer.complete(counted(new Result(Outcome.BUSY, -1, List.of(), "the runner is closed"), started));
        }
        return answer;
    }

    private Result counted(Result result, long started) {
        metrics.rulesProgram(result.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                System.nanoTime() - started);
        return result;
    }

    private Result runNow(Program program, Map<String, String> environment, MessageText text) {
        var builder = new ProcessBuilder(program.argv())
                .directory(new File(System.getProperty("java.io.tmpdir")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        var env = builder.environment();
        env.clear();
        env.put("PATH", PATH);
        env.putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(Outcome.FAILED, -1, List.of(), "cannot start " + program.command().get(0) + ": "
                    + e.getMessage());
        }
        var timedOut = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            timedOut.set(true);
            kill(process);
        }, program.timeout().toMillis(), TimeUnit.MILLISECONDS);
        Future<ProgramOutput> output = readers.submit(() -> ProgramOutput.read(process.getInputStream(),
                program.outputHeaders()));
        try (OutputStream in = process.getOutputStream()) {
            text.writeTo(in);
        } catch (IOException e) {
            // The program closed its input before reading all of it: its exit status still decides.
            log.debug("external program {} did not read all of the message: {}", program.command().get(0), e.toString());
        }
        try {
            if (!process.waitFor(program.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                kill(process);
                return new Result(Outcome.TIMED_OUT, -1, List.of(), "did not end after being killed");
            }
            deadline.cancel(false);
            if (timedOut.get()) {
                return new Result(Outcome.TIMED_OUT, -1, List.of(), "timed out after " + program.timeout().toMillis()
                        + " ms and was killed");
            }
            return answer(program, process.exitValue(), outputOf(output, process));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            return new Result(Outcome.FAILED, -1, List.of(), "interrupted");
        }
    }

    private static Result answer(Program program, int status, ProgramOutput output) {
        Program.Answer meaning = program.exitCodes().get(status);
        if (meaning == null) {
            String why = status > 128 ? "ended by signal " + (status - 128) : "exit status " + status;
            return new Result(Outcome.FAILED, status, List.of(), why + ", which exit-codes does not name");
        }
        return switch (meaning) {
            case ACCEPT -> new Result(Outcome.ACCEPT, status, List.of(), "exit status " + status);
            case ADD_HEADER -> new Result(Outcome.ADD_HEADER, status, output.fields(), "exit status " + status);
            case REJECT -> new Result(Outcome.REJECT, status, List.of(), "exit status " + status);
            case DISCARD -> new Result(Outcome.DISCARD, status, List.of(), "exit status " + status);
        };
    }

    /** The program's output once it ended; a grandchild that keeps the pipe open does not hold the run. */
    private static ProgramOutput outputOf(Future<ProgramOutput> output, Process process) throws InterruptedException {
        try {
            return output.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            output.cancel(true);
            closeQuietly(process.getInputStream());
            return ProgramOutput.NONE;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read either way
        }
    }

    /** Waits until fewer than {@code running} programs run, then counts this one in. */
    private synchronized void enter() throws InterruptedException {
        while (active >= bounds.get().running()) {
            wait();
        }
        active++;
    }

    private synchronized void leave() {
        active--;
        notifyAll();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            var t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        runners.shutdownNow();
        readers.shutdownNow();
        deadlines.shutdownNow();
    }
}
