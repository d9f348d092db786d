package dev.moat.settings;

import dev.moat.testing.Eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileWatcherTest {
    private static final HostFacts HOST = new HostFacts("mail-7.example.net");
    private static final Duration INTERVAL = Duration.ofMillis(50);

    @TempDir
    Path dir;

    private final List<ServerSettings> delivered = new CopyOnWriteArrayList<>();
    private final List<List<SettingsError>> refused = new CopyOnWriteArrayList<>();
    private SettingsFileWatcher watcher;

    @AfterEach
    void stopWatching() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private void watch(Path file) {
        SettingsResult<ServerSettings> running = SettingsFileWatcher.load(file, HOST);
        assertTrue(running.ok(), running.errors()::toString);
        watcher = SettingsFileWatcher.start(file, HOST, running.value(), INTERVAL, delivered::add, refused::add);
    }

    /** Replaces the file the way editors do: write a new file, rename it over the old one. */
    private void replace(Path file, String text) throws IOException {
        Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void waitForPolls(int count) {
        long target = watcher.polls() + count;
        Eventually.until(count + " more polls", () -> watcher.polls() >= target);
    }

    @Test
    void aValidChangeIsDelivered() throws IOException {
        Path file = Files.writeString(dir.resolve("moat.yaml"), "smtp:\n  max-recipients: 10\n");
        watch(file);

        replace(file, "smtp:\n  max-recipients: 20\n");

        Eventually.until("the change is delivered", () -> !delivered.isEmpty());
        assertEquals(20, delivered.get(0).smtp().maxRecipients());
        assertEquals(List.of(), refused);
    }

    @Test
    void aBadChangeIsRefusedWithItsLinesThenALaterGoodChangeIsDelivered() throws IOException {
        Path file = Files.writeString(dir.resolve("moat.yaml"), "smtp:\n  max-recipients: 10\n");
        watch(file);

        Files.writeString(file, "# edited\nsmtp:\n  max-recipients: 0\n  greting: hi\n");
        Eventually.until("the bad change is refused", () -> !refused.isEmpty());
        assertEquals(List.of(3, 4), refused.get(0).stream().map(SettingsError::line).toList(), refused::toString);
        assertEquals(List.of(), delivered);

        Files.writeString(file, "smtp:\n  max-recipients: 30\n");
        Eventually.until("the good change is delivered", () -> !delivered.isEmpty());
        assertEquals(30, delivered.get(0).smtp().maxRecipients());
        assertEquals(1, refused.size());
    }

    @Test
    void unchangedContentDeliversNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("moat.yaml"), "smtp:\n  max-recipients: 10\n");
        watch(file);
        waitForPolls(2);

        replace(file, "smtp:\n  max-recipients: 10\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        waitForPolls(3);

        assertEquals(List.of(), delivered);
        assertEquals(List.of(), refused);
    }

    @Test
    void goingBackToTheRunningVersionAfterARefusalDeliversNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("moat.yaml"), "smtp:\n  max-recipients: 10\n");
        watch(file);

        Files.writeString(file, "smtp:\n  max-recipients: ten\n");
        Eventually.until("the bad change is refused", () -> !refused.isEmpty());
        Files.writeString(file, "smtp:\n  max-recipients: 10\n");
        waitForPolls(3);

        assertEquals(List.of(), delivered);
        assertEquals(1, refused.size());
    }

    @Test
    void aConfigMapUpdateBySymlinkSwapIsDelivered() throws IOException {
        // The layout the kubelet makes: moat.yaml -> ..data/moat.yaml, ..data -> ..<timestamp>/
        Path first = Files.createDirectory(dir.resolve("..2025_01_01"));
        Files.writeString(first.resolve("moat.yaml"), "smtp:\n  max-recipients: 10\n");
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("moat.yaml"), Path.of("..data/moat.yaml"));
        watch(file);

        Path second = Files.createDirectory(dir.resolve("..2025_01_02"));
        Files.writeString(second.resolve("moat.yaml"), "smtp:\n  max-recipients: 40\n");
        Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(swap, dir.resolve("..data"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        Eventually.until("the swapped version is delivered", () -> !delivered.isEmpty());
        assertEquals(40, delivered.get(0).smtp().maxRecipients());
    }

    @Test
    void aMissingFileIsReportedOnceAndItsReturnIsDelivered() throws IOException {
        Path file = Files.writeString(dir.resolve("moat.yaml"), "smtp:\n  max-recipients: 10\n");
        watch(file);

        Files.delete(file);
        Eventually.until("the missing file is reported", () -> !refused.isEmpty());
        waitForPolls(3);
        assertEquals(List.of(List.of(new SettingsError(0, file.toString(), "does not exist"))), refused);

        Files.writeString(file, "smtp:\n  max-recipients: 50\n");
        Eventually.until("the returned file is delivered", () -> !delivered.isEmpty());
        assertEquals(50, delivered.get(0).smtp().maxRecipients());
    }

    @Test
    void aFileCaughtHalfWrittenIsNotAppliedUntilItHoldsStill() throws IOException {
        Path file = Files.writeString(dir.resolve("moat.yaml"), "smtp:\n  max-recipients: 10\n");
        ServerSettings running = SettingsFileWatcher.load(file, HOST).value();
        // An hour between polls: this test takes each look itself, in order.
        watcher = SettingsFileWatcher.start(file, HOST, running, Duration.ofHours(1), delivered::add, refused::add);

        Files.writeString(file, "");
        watcher.poll();
        Files.writeString(file, "smtp:\n  max-recipients: 60\n");
        watcher.poll();
        assertEquals(List.of(), delivered);
        watcher.poll();

        assertEquals(List.of(60), delivered.stream().map(s -> s.smtp().maxRecipients()).toList());
    }

    @Test
    void loadingAMissingFileIsAnErrorNamingIt() {
        Path file = dir.resolve("absent.yaml");

        SettingsResult<ServerSettings> result = SettingsFileWatcher.load(file, HOST);

        assertEquals(List.of(new SettingsError(0, file.toString(), "does not exist")), result.errors());
    }

    @Test
    void loadingAFileThatIsNotUtf8IsAnError() throws IOException {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'#', ' ', (byte) 0xE9, '\n'});

        SettingsResult<ServerSettings> result = SettingsFileWatcher.load(file, HOST);

        assertEquals(List.of(new SettingsError(0, file.toString(), "is not UTF-8 text")), result.errors());
    }

    @Test
    void loadingAFileReportsTheLinesOfItsErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("moat.yaml"), "node:\n  name: a\ncluster:\n  port: 0\n");

        SettingsResult<ServerSettings> result = SettingsFileWatcher.load(file, HOST);

        assertEquals(List.of(4), result.errors().stream().map(SettingsError::line).toList());
    }
}
