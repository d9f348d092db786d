package dev.moat.delivery;

import dev.moat.mail.Reply;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one message as one file, durably: a hidden temp file in the spool folder, content
 * forced to disk, renamed atomically to its {@code .eml} name, then the folder itself synced
 * (skipped where the platform cannot open a folder for that, found out once at start). The
 * file holds a {@code Return-Path:} line, one {@code X-Moat-Rcpt-To:} line per recipient, then
 * the message with dot-stuffing undone. Blocking: call it off the event loop. An I/O failure
 * answers 451 4.3.0 and leaves no file behind, temp or final.
 */
final class SpoolWriter {

    private static final Logger log = LoggerFactory.getLogger(SpoolWriter.class);

    private final Path dir;
    private final SpoolNames names;
    private final boolean folderSyncWorks;

    /** Creates the folder if missing; a folder that cannot be created is a startup error. */
    SpoolWriter(Path dir, Clock clock) {
        this.dir = dir;
        this.names = new SpoolNames(clock);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool folder " + dir, e);
        }
        this.folderSyncWorks = probeFolderSync(dir);
    }

    /** Writes the message and releases it, whatever happens. */
    Reply write(Sender sender, List<String> recipients, ByteBuf message) {
        var name = names.next();
        var temp = dir.resolve("." + name + ".tmp");
        var target = dir.resolve(name);
        var created = false;
        var renamed = false;
        try {
            try (var file = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                created = true;
                writeFully(file, ByteBuffer.wrap(envelope(sender, recipients)));
                writeUnstuffed(message, file);
                file.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            renamed = true;
            syncFolder();
            return Replies.queued(name);
        } catch (IOException | RuntimeException e) {
            log.warn("spool write of {} in {} failed: {}", name, dir, e.toString());
            if (created && !renamed) {
                deleteQuietly(temp);
            }
            if (renamed) {
                // Not known to be durable, and the client will send it again after our 451.
                deleteQuietly(target);
            }
            return Replies.SPOOL_FAILED;
        } finally {
            message.release();
        }
    }

    static byte[] envelope(Sender sender, List<String> recipients) {
        var head = new StringBuilder("Return-Path: <").append(sender.reversePath()).append(">\r\n");
        for (var recipient : recipients) {
            head.append("X-Moat-Rcpt-To: <").append(recipient).append(">\r\n");
        }
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes the message with dot-stuffing undone, RFC 5321 section 4.5.2: a line that starts
     * with a period loses that period (a stuffed ".." becomes "."). Lines are found by LF, so
     * CRLF line ends are kept as they were.
     */
    static void writeUnstuffed(ByteBuf message, WritableByteChannel out) throws IOException {
        int end = message.writerIndex();
        int copyFrom = message.readerIndex();
        int lineStart = copyFrom;
        while (lineStart < end) {
            if (message.getByte(lineStart) == '.') {
                writeFully(out, message.nioBuffer(copyFrom, lineStart - copyFrom));
                copyFrom = lineStart + 1;
            }
            int lineFeed = message.indexOf(lineStart, end, (byte) '\n');
            if (lineFeed < 0) {
                break;
            }
            lineStart = lineFeed + 1;
        }
        writeFully(out, message.nioBuffer(copyFrom, end - copyFrom));
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** Makes the rename durable: on Linux only a synced folder keeps its new entry after a crash. */
    private void syncFolder() throws IOException {
        if (folderSyncWorks) {
            try (var folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                folder.force(true);
            }
        }
    }

    private static boolean probeFolderSync(Path dir) {
        try (var folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            log.info("spool folder {} cannot be synced on this platform ({}); renames rely on the file system",
                    dir, e.toString());
            return false;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", path, e.toString());
        }
    }
}
