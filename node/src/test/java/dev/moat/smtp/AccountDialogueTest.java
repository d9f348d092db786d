package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moat.accounts.VerificationPool;
import dev.moat.settings.PasswordHash;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accounts of the directory over SMTP AUTH: the SMTP, Relay and Roaming services and the
 * permitted-login addresses (chapter: "Restrictions for Roaming Users").
 */
class AccountDialogueTest {
    private static final String STRANGER = "192.0.2.7";
    private static final String CLIENT = "127.0.0.1";
    private static final String PERMITTED = "198.51.100.7";
    private static final VerificationPool POOL = new VerificationPool(() -> new VerificationPool.Bounds(2, 4));
    private static String directory;

    private Dialogue d;
    private Fixture f;

    @BeforeAll
    static void accounts() {
        String hash = PasswordHash.create("secret".toCharArray());
        directory = """
                domains:
                  - name: example.test
                    services: {relay: false}
                accounts:
                  - name: alice@example.test
                    password: "%1$s"
                  - name: bob@example.test
                    password: "%1$s"
                    services: {relay: true, roaming: false}
                    login-addresses: "198.51.100.0/24"
                  - name: carol@example.test
                    password: "%1$s"
                    services: {smtp: false}
                """.formatted(hash);
    }

    @AfterAll
    static void stopPool() {
        POOL.close();
    }

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Dialogue login(String client, String user, String password, String expected) {
        f = new Fixture("smtp:\n  auth:\n    allow-plaintext: true\n", directory);
        f.withDirectoryLogins(POOL);
        d = f.connect(client);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        String credentials = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        d.send("AUTH PLAIN " + credentials).expect(expected);
        return d;
    }

    @Test
    void anAccountWithRoamingDisabledCannotLogInFromAStranger() {
        login(STRANGER, "bob@example.test", "secret", "535 5.7.8 ");
        assertEquals(List.of("login-failed " + STRANGER + " bob@example.test"), f.events.events);
    }

    @Test
    void anAccountWithRoamingDisabledLogsInFromAClientAddress() {
        login(CLIENT, "bob@example.test", "secret", "235 ");
    }

    @Test
    void anAccountWithRoamingDisabledLogsInFromItsPermittedAddresses() {
        login(PERMITTED, "bob@example.test", "secret", "235 ");
        assertEquals(List.of("login-succeeded " + PERMITTED + " bob@example.test"), f.events.events);
    }

    @Test
    void anAccountWithSmtpDisabledCannotLogIn() {
        login(CLIENT, "carol@example.test", "secret", "535 ");
    }

    @Test
    void aWrongPasswordIsAFailedLogin() {
        login(STRANGER, "alice@example.test", "wrong", "535 ");
        assertEquals(List.of("login-failed " + STRANGER + " alice@example.test"), f.events.events);
    }

    @Test
    void anAccountWithRelayDisabledReachesLocalUsersButCannotRelay() {
        login(STRANGER, "alice", "secret", "235 ");
        d.send("MAIL FROM:<alice@example.test>").expect("250 ");
        d.send("RCPT TO:<friend@elsewhere.example>").expect("550 5.7.1 Relaying denied");
        d.send("RCPT TO:<bob@example.test>").expect("250 ");
    }

    @Test
    void anAccountWithRelayEnabledRelays() {
        login(PERMITTED, "bob@example.test", "secret", "235 ");
        d.send("MAIL FROM:<bob@example.test>").expect("250 ");
        d.send("RCPT TO:<friend@elsewhere.example>").expect("250 ");
    }
}
