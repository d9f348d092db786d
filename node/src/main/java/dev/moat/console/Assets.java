package dev.moat.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The console's static files, read from the jar once: everything a page loads is served by the node itself. */
final class Assets {

    private Assets() {
    }

    static byte[] read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
