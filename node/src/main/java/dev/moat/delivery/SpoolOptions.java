package dev.moat.delivery;

import java.nio.file.Path;
import java.util.Objects;

/** Where {@link SpoolDelivery} writes its files; the folder is created at start if missing. */
public record SpoolOptions(Path dir) {

    public SpoolOptions {
        Objects.requireNonNull(dir, "dir");
    }
}
