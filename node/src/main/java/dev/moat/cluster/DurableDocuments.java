package dev.moat.cluster;

import static java.nio.file.StandardOpenOption.READ;

import dev.moat.files.OwnerOnly;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's durable copies of the cluster-wide documents, one file per document in
 * {@code <data-dir>/cluster-documents/<name>.yaml} (see {@link DocumentFile}). A write replaces
 * the file atomically (temporary file, fsync, rename, fsync of the folder) and only when the
 * version is higher than the copy already there (or the same version signed anew), so a copy
 * never goes back in time. Copies are 0600 and a folder this class creates 0700 ({@link
 * OwnerOnly}), since the {@code directory} copy holds password hashes. A copy that cannot be
 * read, or whose MAC does not verify, is reported and treated as missing: a newer valid
 * version replaces it.
 */
final class DurableDocuments {

    private static final Logger log = LoggerFactory.getLogger(DurableDocuments.class);

    private final Path folder;
    private final Signatures signatures;
    private final Map<String, ClusterDocument> onDisk = new HashMap<>();

    DurableDocuments(Path folder, Signatures signatures) {
        this.folder = folder;
        this.signatures = signatures;
    }

    Path folder() {
        return folder;
    }

    /** This member's copy of document {@code name}, if it has a readable one; its MAC is not checked here. */
    synchronized Optional<ClusterDocument> read(String name) {
        Path file = fileOf(name);
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return Optional.of(DocumentFile.parse(name, content, ""));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Ignoring the unreadable copy {} of document {}: {}", file, name, e.toString());
            return Optional.empty();
        }
    }

    /** Writes {@code document} (verified by the caller) unless the valid copy on disk is as new; never throws. */
    synchronized void keep(ClusterDocument document) {
        ClusterDocument known = onDisk.get(document.name());
        if (known == null) {
            known = read(document.name()).filter(copy -> signatures.check(copy).valid()).orElse(null);
        }
        boolean signedAgain = known != null && document.version() == known.version()
                && document.text().equals(known.text()) && !document.mac().equals(known.mac());
        if (known != null && document.version() <= known.version() && !signedAgain) {
            return;
        }
        try {
            write(document);
            onDisk.put(document.name(), document);
        } catch (IOException e) {
            log.error("Could not keep version {} of document {} in {}", document.version(), document.name(), folder, e);
        }
    }

    private void write(ClusterDocument document) throws IOException {
        OwnerOnly.createFolders(folder);
        Path target = fileOf(document.name());
        Path temporary = folder.resolve(document.name() + ".yaml.tmp");
        Files.deleteIfExists(temporary);
        // Owner-only from its creation: the directory copy holds every account's password hash.
        try (FileChannel channel = OwnerOnly.createNew(temporary)) {
            ByteBuffer bytes = ByteBuffer.wrap(DocumentFile.render(document).getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder();
    }

    /** Makes the rename itself durable; not every platform lets a folder be opened for this. */
    private void syncFolder() {
        try (FileChannel channel = FileChannel.open(folder, READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("Could not sync folder {}: {}", folder, e.toString());
        }
    }

    private Path fileOf(String name) {
        return folder.resolve(name + ".yaml");
    }
}
