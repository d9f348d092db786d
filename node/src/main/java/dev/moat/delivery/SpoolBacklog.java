package dev.moat.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts the spool folder's messages and finds the oldest by its name (the names begin with
 * the UTC time, {@link SpoolNames}), so it reads the folder's entries and never a file. The
 * answer is kept for a second: a scrape asks for both figures, and a folder of a million files
 * is read once. A folder that cannot be read counts as empty.
 */
final class SpoolBacklog {
    private static final Duration KEEP = Duration.ofSeconds(1);

    private final Path dir;
    private final Clock clock;
    private Instant readAt = Instant.MIN;
    private HandOffState last = HandOffState.NONE;

    SpoolBacklog(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    synchronized HandOffState state() {
        var now = clock.instant();
        if (readAt.plus(KEEP).isAfter(now)) {
            return last;
        }
        long files = 0;
        String oldest = null;
        try (var entries = Files.newDirectoryStream(dir, "*" + SpoolNames.SUFFIX)) {
            for (var entry : entries) {
                var name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                files++;
                if (oldest == null || name.compareTo(oldest) < 0) {
                    oldest = name;
                }
            }
        } catch (IOException | RuntimeException e) {
            files = 0;
            oldest = null;
        }
        double age = oldest == null ? 0 : SpoolNames.timeOf(oldest)
                .map(t -> Math.max(0, Duration.between(t, now).toMillis() / 1000.0)).orElse(0.0);
        readAt = now;
        last = new HandOffState(0, 0, 0, files, age);
        return last;
    }
}
