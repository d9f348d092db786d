package dev.moat.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token as requests check it. A token from the environment is fixed; a token from
 * a file is read again when a request needs it and a second or more has passed since the last
 * read, so writing a new token into the file rotates it within a second, without a restart (a
 * read costs one small file per second at most). A file that has become empty or unreadable
 * keeps the token last read and is logged once, at WARN, until it is readable again: a
 * half-written file must not lock the administrator out. Thread-safe.
 */
final class TokenFile implements Supplier<String> {
    private static final Logger log = LoggerFactory.getLogger(TokenFile.class);
    private static final long REREAD_NANOS = Duration.ofSeconds(1).toNanos();

    private final Path file;
    private final LongSupplier nanoTime;
    private String token;
    private long readAt;
    private boolean warned;

    private TokenFile(Path file, String token, LongSupplier nanoTime) {
        this.file = file;
        this.token = token;
        this.nanoTime = nanoTime;
        this.readAt = nanoTime.getAsLong();
    }

    /** The token of {@code resolved}, re-read from its file when it came from one. */
    static Supplier<String> of(AdminToken resolved) {
        if (resolved.file().isEmpty()) {
            String fixed = resolved.value();
            return () -> fixed;
        }
        return new TokenFile(resolved.file().get(), resolved.value(), System::nanoTime);
    }

    @Override
    public synchronized String get() {
        long now = nanoTime.getAsLong();
        if (now - readAt < REREAD_NANOS) {
            return token;
        }
        readAt = now;
        try {
            String read = AdminToken.read(file);
            if (!read.equals(token)) {
                log.info("The admin token in {} changed; requests now need the new one", file);
            }
            token = read;
            warned = false;
        } catch (IOException | IllegalStateException e) {
            if (!warned) {
                log.warn("Cannot read the admin token file {} ({}); the token read before stays in force",
                        file, e.getClass().getSimpleName());
                warned = true;
            }
        }
        return token;
    }
}
