package dev.moat.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Files that hold secrets (password hashes, the admin token) and the folders they live in,
 * readable by their owner alone: folders are made {@code rwx------} (0700) and files
 * {@code rw-------} (0600) at the moment they are created, never loosened afterwards, so
 * there is no window in which another local user could open them. {@link #looser} says
 * whether an existing one grants anything to group or others. On a file system without POSIX
 * permissions (Windows) nothing is set and nothing is looser.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnly() {
    }

    /** Creates {@code folder} and its missing parents, each new one 0700; an existing folder is left as it is. */
    public static Path createFolders(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return folder;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createFolders(parent);
        }
        try {
            Files.createDirectory(absolute, attributes(absolute.getFileSystem(), FOLDER));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
        return folder;
    }

    /** A new empty temporary file in {@code folder}, 0600 from its creation. */
    public static Path createTempFile(Path folder, String prefix) throws IOException {
        return Files.createTempFile(folder, prefix, ".tmp", attributes(folder.getFileSystem(), FILE));
    }

    /** Opens a new file for writing, 0600 from its creation; fails when it exists. */
    public static FileChannel createNew(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes(file.getFileSystem(), FILE));
    }

    /**
     * What {@code path} grants beyond its owner, as {@code rwxr-x---} text, or empty when it
     * grants nothing, does not exist, or the file system has no POSIX permissions.
     */
    public static Optional<String> looser(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().noneMatch(GROUP_OR_OTHERS::contains)) {
                return Optional.empty();
            }
            return Optional.of(PosixFilePermissions.toString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
    }

    /** The regular files directly in {@code folder} whose names end in {@code suffix}; none when it is missing. */
    public static List<Path> filesIn(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f))
                    .sorted().toList();
        }
    }

    private static FileAttribute<?>[] attributes(FileSystem fileSystem, Set<PosixFilePermission> permissions) {
        return fileSystem.supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }
}
