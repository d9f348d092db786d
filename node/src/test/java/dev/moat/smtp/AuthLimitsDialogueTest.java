package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.accounts.VerificationPool;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import dev.moat.settings.PasswordHash;
import dev.moat.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limits of AUTH in a session: {@code smtp.auth.max-failures} failed logins end it with
 * 421, each reported as a failed login; a verification pool that is full, or already
 * verifying for the client's address, gets 454 at once, no failed login, though it counts
 * toward the same limit.
 */
class AuthLimitsDialogueTest {
    private static final String STRANGER = "192.0.2.7";
    private static final String OTHER = "192.0.2.8";
    private static String users;

    private final CountDownLatch release = new CountDownLatch(1);
    private VerificationPool pool;
    private Dialogue d;

    @BeforeAll
    static void hashes() {
        users = "local-domains: [moat.test]\nsmtp:\n  auth:\n    allow-plaintext: true\n    users:\n"
                + "      - name: alice\n        password: \"" + PasswordHash.create("secret".toCharArray()) + "\"\n";
    }

    @AfterEach
    void close() {
        release.countDown();
        if (d != null) {
            d.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private static String plain(String user, String password) {
        return "AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Dialogue open(Fixture f, String client) {
        d = f.connect(client);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        return d;
    }

    /** Occupies a verification thread for {@code client} until the test ends. */
    private void verifyingFor(String client) {
        pool.submit(IpAddress.parse(client), () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }, reason -> null);
    }

    private static double busy(Fixture f, String reason) {
        var counter = f.registry.find(MoatMetrics.LOGINS_BUSY).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theThirdFailedLoginGets535Then421AndTheSessionIsClosed() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  auth:\n    allow-plaintext: true\n");
        open(f, STRANGER).send(plain("alice", "guess1")).expect("535 5.7.8 ");
        d.send(plain("alice", "guess2")).expect("535 5.7.8 ");
        d.send(plain("bob", "guess3")).expect("535 5.7.8 ");
        d.expect("421 4.7.0 " + Fixture.HOST + " Too many failed logins");
        assertFalse(d.isOpen());
        assertEquals(List.of("login-failed " + STRANGER + " alice", "login-failed " + STRANGER + " alice",
                "login-failed " + STRANGER + " bob"), f.events.events);
        assertEquals(1, f.registry.find(MoatMetrics.SESSIONS).tag("outcome", "too-many-login-failures").counter().count());
    }

    @Test
    void maxFailuresIsASettingAndCountsLoginAndPlainAlike() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  auth:\n    allow-plaintext: true\n    max-failures: 2\n");
        open(f, STRANGER).send("AUTH LOGIN").expect("334 ");
        d.send(Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8))).expect("334 ");
        d.send(Base64.getEncoder().encodeToString("wrong".getBytes(StandardCharsets.UTF_8))).expect("535 ");
        assertTrue(d.isOpen());
        d.send(plain("alice", "wrong")).expect("535 ");
        d.expect("421 4.7.0 ");
        assertFalse(d.isOpen());
    }

    @Test
    void failuresAreCountedPerSession() {
        var f = new Fixture("local-domains: [moat.test]\nsmtp:\n  auth:\n    allow-plaintext: true\n");
        open(f, STRANGER).send(plain("alice", "x")).expect("535 ");
        d.send(plain("alice", "y")).expect("535 ");
        d.send("QUIT").expect("221 ");
        d.close();
        open(f, STRANGER).send(plain("alice", "z")).expect("535 ");
        d.send(plain("alice", "secret")).expect("235 ");
        assertTrue(d.isOpen());
    }

    @Test
    void aFullVerificationQueueGets454AtOnceAndIsNoFailedLogin() {
        pool = new VerificationPool(() -> new VerificationPool.Bounds(1, 0));
        var f = new Fixture(users).withDirectoryLogins(pool);
        verifyingFor(OTHER);
        open(f, STRANGER).send(plain("alice", "secret")).expect("454 4.7.0 ");
        d.send(plain("alice", "secret")).expect("454 4.7.0 ");
        assertTrue(d.isOpen());
        assertEquals(List.of(), f.events.events, "a busy answer is not a failed login");
        assertEquals(2, busy(f, "queue-full"));
        release.countDown();
        Eventually.until("the blocked verification ends", () -> pool.pending() == 0);
        d.send(plain("alice", "secret")).expect("235 ");
    }

    @Test
    void busyAnswersCountTowardTheSessionLimitSoNoConnectionHammersForFree() {
        pool = new VerificationPool(() -> new VerificationPool.Bounds(1, 0));
        var f = new Fixture(users).withDirectoryLogins(pool);
        verifyingFor(OTHER);
        open(f, STRANGER).send(plain("alice", "a")).expect("454 ");
        d.send(plain("alice", "b")).expect("454 ");
        d.send(plain("alice", "c")).expect("454 ");
        d.expect("421 4.7.0 ");
        assertFalse(d.isOpen());
        assertEquals(List.of(), f.events.events);
    }

    @Test
    void anAddressWithAVerificationUnderWayGets454WhileOthersLogIn() {
        pool = new VerificationPool(() -> new VerificationPool.Bounds(2, 10));
        var f = new Fixture(users).withDirectoryLogins(pool);
        verifyingFor(STRANGER);
        open(f, STRANGER).send(plain("alice", "secret")).expect("454 4.7.0 ");
        assertEquals(1, busy(f, "address-busy"));
        d.close();
        open(f, OTHER).send(plain("alice", "secret")).expect("235 ");
    }
}
