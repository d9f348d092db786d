package dev.moat.settings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the server-wide settings file by polling its content on one daemon thread, so that
 * an editor replacing the file and a Kubernetes ConfigMap swapping its symlinks both count;
 * timestamps and file events are not trusted. A changed file that validates is handed to the
 * change consumer; one that does not, or a file that is missing or unreadable, is handed to
 * the refusal consumer and logged at WARN one error a line, and the running settings stay.
 * A new content is acted on once it has stayed the same for one poll, so a file being written
 * in place is not applied half-written. Each content is reported once, and returning to the
 * running version reports nothing. Consumers run on the watcher's thread.
 */
public final class SettingsFileWatcher implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(SettingsFileWatcher.class);
    private static final long MAX_BYTES = 4L << 20;

    private final Path file;
    private final HostFacts host;
    private final Consumer<ServerSettings> onChange;
    private final Consumer<List<SettingsError>> onRefused;
    private final ScheduledExecutorService thread;
    private final AtomicLong polls = new AtomicLong();
    private String running;
    private List<Path> namedFiles;
    private String lastSeen;
    private String pending;

    private SettingsFileWatcher(Path file, HostFacts host, ServerSettings running,
            Consumer<ServerSettings> onChange, Consumer<List<SettingsError>> onRefused) {
        this.file = Objects.requireNonNull(file, "file");
        this.host = Objects.requireNonNull(host, "host");
        this.running = running.sourceHash();
        this.namedFiles = running.bannedLines().files();
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.onRefused = Objects.requireNonNull(onRefused, "onRefused");
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "moat-settings-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The server-wide settings a node or a command starts on: the file, read and parsed once
     * (a missing file is an error naming it), or the embedded defaults when {@code file} is null.
     */
    public static SettingsResult<ServerSettings> loadOrDefaults(Path file, HostFacts host) {
        return file == null ? SettingsResult.valid(ServerSettings.defaults(host)) : load(file, host);
    }

    /** Reads and parses the file once, for startup; a missing file is an error naming it. */
    public static SettingsResult<ServerSettings> load(Path file, HostFacts host) {
        SettingsResult<String> text = read(file);
        return text.ok() ? ServerSettings.parse(text.value(), host) : SettingsResult.refused(text.errors());
    }

    /** Polls every second, starting from the settings running now (so they are not delivered again). */
    public static SettingsFileWatcher start(Path file, HostFacts host, ServerSettings running,
            Consumer<ServerSettings> onChange, Consumer<List<SettingsError>> onRefused) {
        return start(file, host, running, DEFAULT_INTERVAL, onChange, onRefused);
    }

    public static SettingsFileWatcher start(Path file, HostFacts host, ServerSettings running, Duration interval,
            Consumer<ServerSettings> onChange, Consumer<List<SettingsError>> onRefused) {
        SettingsFileWatcher watcher = new SettingsFileWatcher(file, host, running, onChange, onRefused);
        long millis = Math.max(1, interval.toMillis());
        watcher.thread.scheduleWithFixedDelay(watcher::pollSafely, millis, millis, TimeUnit.MILLISECONDS);
        return watcher;
    }

    /** How many polls have finished; lets a test wait for the watcher to have looked. */
    long polls() {
        return polls.get();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // A consumer that throws must not stop the polling: the scheduler would drop the task.
            log.error("Settings file {}: handling a new version failed", file, e);
        } finally {
            polls.incrementAndGet();
        }
    }

    /** One look at the file; runs on the watcher's thread, or on a test's when the interval is long. */
    void poll() {
        SettingsResult<String> text = read(file);
        String seen = text.ok() ? fingerprint(text.value()) : "unreadable: " + text.errors().get(0).message();
        if (seen.equals(lastSeen)) {
            return;
        }
        if (text.ok() && seen.equals(running)) {
            if (lastSeen != null) {
                log.info("Settings file {} is back to the running version {}", file, running);
            }
            lastSeen = seen;
            pending = null;
            return;
        }
        // A file written in place is empty or half-written for a moment, and an empty file is
        // valid: act on a content only when it is still there one poll later.
        if (!seen.equals(pending)) {
            pending = seen;
            return;
        }
        pending = null;
        lastSeen = seen;
        SettingsResult<ServerSettings> result = text.ok() ? ServerSettings.parse(text.value(), host)
                : SettingsResult.refused(text.errors());
        if (result.ok()) {
            running = result.value().sourceHash();
            namedFiles = result.value().bannedLines().files();
            log.info("Settings file {}: applying version {}", file, running);
            onChange.accept(result.value());
        } else {
            refuse(result.errors());
        }
    }

    private void refuse(List<SettingsError> errors) {
        for (SettingsError error : errors) {
            log.warn("Settings file {} refused, version {} stays: {}", file, running, error);
        }
        onRefused.accept(errors);
    }

    /**
     * The version the settings file's {@code text} would have with the banned-line files the
     * running settings name as they are now ({@link ServerSettings#version}); a file among them
     * that cannot be read makes a fingerprint of its own, so its return is noticed.
     */
    private String fingerprint(String text) {
        List<String> contents = new java.util.ArrayList<>(namedFiles.size());
        for (Path named : namedFiles) {
            SettingsResult<String> content = read(named, BannedLinesSection.MAX_FILE_BYTES);
            if (!content.ok()) {
                return "unreadable: " + named + " " + content.errors().get(0).message();
            }
            contents.add(content.value());
        }
        return ServerSettings.version(text, contents);
    }

    private static SettingsResult<String> read(Path file) {
        return read(file, MAX_BYTES);
    }

    /** The file as UTF-8 text, strictly decoded; refused when over {@code maxBytes}. */
    static SettingsResult<String> read(Path file, long maxBytes) {
        try {
            if (Files.size(file) > maxBytes) {
                return unreadable(file, "is larger than " + Units.formatSize(maxBytes));
            }
            return SettingsResult.valid(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString());
        } catch (NoSuchFileException e) {
            return unreadable(file, "does not exist");
        } catch (CharacterCodingException e) {
            return unreadable(file, "is not UTF-8 text");
        } catch (IOException e) {
            return unreadable(file, "cannot be read: " + e);
        }
    }

    private static SettingsResult<String> unreadable(Path file, String message) {
        return SettingsResult.refused(List.of(new SettingsError(0, file.toString(), message)));
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
