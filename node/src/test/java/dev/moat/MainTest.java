package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.settings.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: a refused settings file stops the start with every bad line named. */
class MainTest {
    @TempDir
    Path dir;

    @Test
    void aBadSettingsFileStopsTheStartAndNamesEveryBadLine() throws Exception {
        var file = dir.resolve("moat.yaml");
        Files.writeString(file, "smtp:\n  max-recipients: lots\nclient-addresses: |\n  127.0.0.1\n  10.0.0.300\n");
        var err = new ByteArrayOutputStream();
        var previous = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(new Main()).execute("--config", file.toString());
        } finally {
            System.setErr(previous);
        }
        var text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertTrue(text.contains("line 2") && text.contains("max-recipients"), text);
        assertTrue(text.contains("line 5"), text);
    }

    @Test
    void hashPasswordPrintsAHashThatMatchesThePassword() {
        var out = new ByteArrayOutputStream();
        var previousOut = System.out;
        InputStream previousIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream("correct horse\n".getBytes(StandardCharsets.UTF_8)));
        int code;
        try {
            code = new CommandLine(new Main()).execute("hash-password");
        } finally {
            System.setOut(previousOut);
            System.setIn(previousIn);
        }
        assertEquals(0, code);
        var hash = PasswordHash.parse(out.toString(StandardCharsets.UTF_8).strip()).orElseThrow();
        assertTrue(hash.matches("correct horse".toCharArray()));
        assertTrue(!hash.matches("wrong".toCharArray()));
    }
}
