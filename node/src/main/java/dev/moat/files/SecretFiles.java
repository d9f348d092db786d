package dev.moat.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check a node makes of its secret files when it starts: the data directory and its
 * {@code cluster-documents} folder should be 0700, each durable copy
 * {@code cluster-documents/*.yaml} (the {@code directory} copy holds every account's password
 * hash) and the admin token file 0600. Each one that grants anything to group or others is
 * logged at WARN with its path and permissions, and returned, so a caller or test sees the
 * same list. Nothing is changed: an administrator may have reasons (a shared backup group),
 * and the log tells them what to fix ({@code chmod 600 FILE}).
 */
public final class SecretFiles {
    private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);

    /** One file or folder that is readable, writable or searchable by more than its owner. */
    public record Loose(Path path, String permissions, String wanted) {
    }

    private SecretFiles() {
    }

    /**
     * Checks {@code dataDir}, its durable document copies and {@code tokenFile} (null when the
     * token does not come from a file), logging each that is looser than owner-only.
     */
    public static List<Loose> check(Path dataDir, Path tokenFile) {
        List<Loose> loose = new ArrayList<>();
        Path documents = dataDir.resolve("cluster-documents");
        add(loose, dataDir, "rwx------");
        add(loose, documents, "rwx------");
        try {
            for (Path copy : OwnerOnly.filesIn(documents, ".yaml")) {
                add(loose, copy, "rw-------");
            }
        } catch (IOException e) {
            log.warn("Cannot list {} to check its permissions: {}", documents, e.toString());
        }
        if (tokenFile != null) {
            add(loose, tokenFile, "rw-------");
        }
        for (Loose one : loose) {
            log.warn("{} holds secrets but its permissions are {}; make them {} (chmod {} {})", one.path(),
                    one.permissions(), one.wanted(), one.wanted().startsWith("rwx") ? "700" : "600", one.path());
        }
        return List.copyOf(loose);
    }

    private static void add(List<Loose> loose, Path path, String wanted) {
        OwnerOnly.looser(path).ifPresent(permissions -> loose.add(new Loose(path, permissions, wanted)));
    }
}
