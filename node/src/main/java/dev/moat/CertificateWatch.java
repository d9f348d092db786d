package dev.moat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Notices that the SMTP certificate or key files named in the running settings have new
 * content (a renewed Kubernetes TLS Secret arrives this way, by a symbolic link the kubelet
 * swaps), by a digest of both, so the node can load them without a restart. The node asks it
 * every few seconds; files that cannot be read count as unchanged, and the running certificate
 * stays.
 */
final class CertificateWatch {
    private final Supplier<List<Path>> files;
    private byte[] last;

    CertificateWatch(Supplier<List<Path>> files) {
        this.files = files;
        this.last = digest(files.get());
    }

    /** Whether the files changed since the last call (or since the watch began). */
    synchronized boolean changed() {
        var now = digest(files.get());
        if (now == null || Arrays.equals(now, last)) {
            return false;
        }
        last = now;
        return true;
    }

    private static byte[] digest(List<Path> paths) {
        if (paths.isEmpty()) {
            return new byte[0];
        }
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            for (var path : paths) {
                sha.update(Files.readAllBytes(path));
            }
            return sha.digest();
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
