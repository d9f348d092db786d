package dev.moat.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import dev.moat.policy.Login;
import dev.moat.router.RouterTable;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.Directory;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.PasswordHash;
import dev.moat.settings.ServerSettings;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An AUTH costs the same whatever it names: an unknown user, a directory account with a wrong
 * password, a user of {@code smtp.auth.users}, an account whose SMTP service is off or whose
 * Roaming refuses the address, and an account whose hash is weaker than another's. Measured:
 * the thread's CPU time (the work each kind makes the node do, which is what a caller's clock
 * reads on an idle node), the fastest of several runs of each, so another process on the
 * machine does not decide it: on two shared cores at load average 15 the clock figures of one
 * kind swung by half between runs, the CPU figures do not.
 */
class DirectoryAuthenticatorTimingTest {
    private static final IpAddress STRANGER = IpAddress.parse("192.0.2.7");
    private static final int RUNS = 7;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static EffectiveSettings settings;

    @BeforeAll
    static void settings() throws GeneralSecurityException {
        String strong = PasswordHash.create("secret".toCharArray());
        String weak = hash("secret", PasswordHash.ITERATIONS / 2);
        var server = ServerSettings.parse("""
                smtp:
                  auth:
                    users:
                      - name: filer
                        password: "%s"
                """.formatted(strong), new HostFacts("mx.moat.test"));
        var directory = Directory.parse("""
                domains:
                  - name: example.test
                accounts:
                  - name: alice@example.test
                    password: "%1$s"
                  - name: carol@example.test
                    password: "%1$s"
                    services: {smtp: false}
                  - name: dave@example.test
                    password: "%1$s"
                    services: {roaming: false}
                  - name: weak@example.test
                    password: "%2$s"
                """.formatted(strong, weak));
        assertTrue(server.errors().isEmpty() && directory.ok(), server.errors() + " " + directory.errors());
        settings = EffectiveSettings.build(server.value(), ClusterSettings.empty(), 0, RouterTable.empty(),
                directory.value());
    }

    /** A hash of the settings form made here, with fewer iterations than Moat's own. */
    private static String hash(String password, int iterations) throws GeneralSecurityException {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        var base64 = Base64.getEncoder().withoutPadding();
        return "$pbkdf2-sha256$i=" + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(derived);
    }

    @Test
    void everyKindOfFailedLoginCostsWhatAnUnknownNameCosts() {
        var authenticator = new DirectoryAuthenticator(() -> settings, null);
        Map<String, Supplier<Login>> attempts = new LinkedHashMap<>();
        attempts.put("an unknown name", () -> check(authenticator, "nobody@example.test", "wrong"));
        attempts.put("a directory account, wrong password", () -> check(authenticator, "alice@example.test", "wrong"));
        attempts.put("a settings-file user, wrong password", () -> check(authenticator, "filer", "wrong"));
        attempts.put("an account with SMTP off, right password", () -> check(authenticator, "carol@example.test", "secret"));
        attempts.put("an account with Roaming off, right password", () -> check(authenticator, "dave@example.test", "secret"));
        attempts.put("an account with a weaker hash, wrong password", () -> check(authenticator, "weak@example.test", "x"));
        Map<String, Long> fastest = new LinkedHashMap<>();
        // Round by round, in a new order each time, so that a burst of load elsewhere, or the JIT
        // at work, slows every kind alike.
        var order = new ArrayList<>(attempts.entrySet());
        var random = new Random(15);
        for (int run = 0; run <= RUNS; run++) {
            Collections.shuffle(order, random);
            for (var attempt : order) {
                long start = CPU.getCurrentThreadCpuTime();
                assertEquals(Login.failed(), attempt.getValue().get(), attempt.getKey());
                long took = CPU.getCurrentThreadCpuTime() - start;
                if (run > 0) { // the first round warms up
                    fastest.merge(attempt.getKey(), took, Math::min);
                }
            }
        }
        long unknown = fastest.get("an unknown name");
        var report = new StringBuilder();
        boolean same = true;
        for (var kind : fastest.entrySet()) {
            report.append(kind.getKey()).append(": ").append(kind.getValue() / 1_000_000).append(" ms; ");
            double ratio = (double) kind.getValue() / unknown;
            same &= ratio > 0.7 && ratio < 1.43; // a hash half as costly would be 0.5
        }
        assertTrue(same, report.toString());
        assertEquals(Login.succeeded("weak@example.test"), check(authenticator, "weak@example.test", "secret"));
        assertEquals(Login.succeeded("filer"), check(authenticator, "filer", "secret"));
    }

    private static Login check(DirectoryAuthenticator authenticator, String user, String password) {
        return authenticator.check(settings, user, password.toCharArray(), STRANGER);
    }
}
