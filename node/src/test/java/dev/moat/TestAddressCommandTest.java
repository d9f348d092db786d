package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code moat-node test-address}, run in this JVM through picocli as {@code main} runs it. */
class TestAddressCommandTest {
    @TempDir
    Path dir;
    private Path settings;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeSettings() throws IOException {
        Path initial = Files.writeString(dir.resolve("cluster-settings.yaml"), """
                # moat-document name=settings version=4
                blacklisted-addresses: |
                  ; shared
                  198.51.100.0/24
                """);
        settings = Files.writeString(dir.resolve("moat.yaml"), """
                node:
                  data-dir: %s
                lan-addresses: 192.168.0.0/16
                client-addresses: |
                  192.168.1.0/24
                blacklisted-addresses: |
                  192.0.2.0/24
                debug-addresses: 192.0.2.99
                cluster:
                  initial-document: %s
                """.formatted(dir.resolve("data"), initial));
    }

    private int run(String... args) {
        return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void aServerWideListingPrintsTheLineAndTheReason() {
        assertEquals(0, run("test-address", "192.0.2.7", "--config", settings.toString()));

        assertEquals("""
                [192.0.2.7] is Blacklisted
                reason: listed in Blacklisted IP Addresses (server-wide blacklisted-addresses, line 1: 192.0.2.0/24)
                """, out.toString().replace(System.lineSeparator(), "\n"));
        assertEquals("", err.toString());
    }

    @Test
    void theInitialClusterWideDocumentCountsAndItsLineIsNamed() {
        assertEquals(0, run("test-address", "198.51.100.20", "-c", settings.toString()));

        assertTrue(out.toString().startsWith("[198.51.100.20] is Blacklisted"), out::toString);
        assertTrue(out.toString().contains("(cluster-wide blacklisted-addresses, line 2: 198.51.100.0/24)"), out::toString);
    }

    @Test
    void aLanClientAStrangerAndADebugAddress() {
        run("test-address", "192.168.1.10", "--config", settings.toString());
        run("test-address", "2001:db8::7", "--config", settings.toString());
        run("test-address", "192.0.2.99", "--config", settings.toString());

        String[] lines = out.toString().split("\\R");
        assertEquals("LAN [192.168.1.10] is Client", lines[0]);
        assertEquals("[2001:db8::7] is Stranger", lines[2]);
        assertEquals("[192.0.2.99] is Blacklisted", lines[4]);
        assertEquals("debug: its sessions are logged command by command on moat.smtp.debug", lines[6]);
    }

    @Test
    void theConfigGivenBeforeTheSubcommandIsUsedToo() {
        assertEquals(0, run("--config", settings.toString(), "test-address", "192.0.2.7"));

        assertTrue(out.toString().startsWith("[192.0.2.7] is Blacklisted"), out::toString);
    }

    @Test
    void somethingThatIsNoAddressExitsWith2AndSaysWhy() {
        assertEquals(2, run("test-address", "mail.example.com", "--config", settings.toString()));

        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("not an IP address: 'mail.example.com'"), err::toString);
        assertTrue(err.toString().contains("give one IP address such as 192.0.2.7"), err::toString);
    }

    @Test
    void noAddressAtAllExitsWith2WithTheUsage() {
        assertEquals(2, run("test-address"));

        assertTrue(err.toString().contains("Missing required parameter: 'ADDRESS'"), err::toString);
    }

    @Test
    void aRefusedSettingsFileExitsWith2NamingTheBadLine() throws IOException {
        Files.writeString(settings, "blacklisted-addresses: |\n  192.0.2.0/24\n  192.0.2.0/99\n");

        assertEquals(2, run("test-address", "192.0.2.7", "--config", settings.toString()));

        assertTrue(err.toString().contains("line 3: blacklisted-addresses: "), err::toString);
        assertTrue(err.toString().contains("192.0.2.0/99"), err::toString);
    }
}
