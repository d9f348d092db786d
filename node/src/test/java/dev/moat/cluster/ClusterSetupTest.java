package dev.moat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A node's settings and environment turned into member options: bind address and cluster secret. */
class ClusterSetupTest {
    private static final String SECRET = "a-cluster-secret-of-at-least-thirty-two-characters";

    @TempDir
    Path dir;

    @Test
    void theEmbeddedDefaultsBindLoopbackAndALoneNodeGeneratesItsSecretReadableByItsOwnerOnly() throws Exception {
        var logger = (Logger) LoggerFactory.getLogger(ClusterSecretSource.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        var level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            ClusterOptions options = ClusterSetup.options(settings(""), Map.of());

            assertEquals("127.0.0.1", options.bindAddress());
            Path generated = dir.resolve("data").resolve("cluster-secret");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(generated)));
            String secret = Files.readString(generated).strip();
            assertTrue(secret.length() >= ClusterSecret.MIN_LENGTH);
            var logged = String.join("\n", appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
            assertTrue(logged.contains("Generated a cluster secret in " + generated), logged);
            assertFalse(logged.contains(secret), "the value is never logged");
            assertFalse(options.secret().toString().contains(secret));

            ClusterOptions again = ClusterSetup.options(settings(""), Map.of());
            var signed = new Signatures(options.secret()).sign(new ClusterDocument("settings", 1, "", "a", 1));
            assertEquals(ClusterSecret.MacCheck.SIGNED, new Signatures(again.secret()).check(signed),
                    "the next start reads the same secret");
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }

    @Test
    void theEnvironmentNamesTheBindAddressAndTheSecretOverTheSettings() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "another-secret-that-is-long-enough-for-the-check\n");
        ClusterOptions options = ClusterSetup.options(settings("""
                  bind-address: 10.0.0.5
                  secret-file: %s
                  members: [10.0.0.5, 10.0.0.6]
                """.formatted(file)), Map.of("MOAT_CLUSTER_BIND_ADDRESS", "10.0.0.9", "MOAT_CLUSTER_SECRET", SECRET));

        assertEquals("10.0.0.9", options.bindAddress());
        var fromEnvironment = new Signatures(ClusterSecret.parse(SECRET));
        assertEquals(ClusterSecret.MacCheck.SIGNED, fromEnvironment.check(new Signatures(options.secret())
                .sign(new ClusterDocument("settings", 1, "", "a", 1))));
        assertFalse(Files.exists(dir.resolve("data").resolve("cluster-secret")), "nothing generated");
    }

    @Test
    void aMemberOfSeveralNeedsAGivenSecret() {
        var refused = assertThrows(IllegalArgumentException.class, () -> ClusterSetup.options(settings("""
                  bind-address: 10.0.0.5
                  members: [10.0.0.5, 10.0.0.6]
                """), Map.of()));
        assertTrue(refused.getMessage().contains("set MOAT_CLUSTER_SECRET or cluster.secret-file"), refused::getMessage);
    }

    @Test
    void aLoopbackBindAddressWithMembersOnOtherHostsIsRefusedSayingWhatToSet() {
        var refused = assertThrows(IllegalArgumentException.class, () -> ClusterSetup.options(settings("""
                  members: [moat-0.moat:5701, moat-1.moat:5701]
                """), Map.of("MOAT_CLUSTER_SECRET", SECRET)));
        assertTrue(refused.getMessage().contains("set cluster.bind-address (or MOAT_CLUSTER_BIND_ADDRESS)"),
                refused::getMessage);
    }

    @Test
    void aShortSecretIsRefusedWithoutShowingIt() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> ClusterSetup.options(settings(""), Map.of("MOAT_CLUSTER_SECRET", "short-secret")));
        assertTrue(refused.getMessage().contains("at least 32 characters"), refused::getMessage);
        assertFalse(refused.getMessage().contains("short-secret"), refused::getMessage);
    }

    private ServerSettings settings(String clusterSection) {
        var parsed = ServerSettings.parse("""
                node:
                  name: node-1
                  data-dir: %s
                cluster:
                  name: test
                %s""".formatted(dir.resolve("data"), clusterSection), new HostFacts("mx.moat.test"));
        assertTrue(parsed.errors().isEmpty(), parsed.errors()::toString);
        return parsed.value();
    }
}
