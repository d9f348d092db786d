package dev.moat.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Domains and accounts one at a time over the admin API; passwords stored only as hashes. */
class DirectoryRoutesTest {
    private final TestBackend backend = new TestBackend(null, List::of);
    private final AdminApi api = new AdminApi(backend, "token");

    private AdminAnswer call(String method, String path, String body) {
        return api.handle(new AdminRequest(method, path, Map.of("Authorization", "Bearer token"),
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
    }

    private static String text(AdminAnswer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aDomainAndAnAccountAreCreatedChangedAndDeleted() {
        assertEquals(200, call("PUT", "/api/v1/directory/domains/Example.test", "{\"services\": {\"relay\": false}}").status());
        var created = call("PUT", "/api/v1/directory/accounts/Alice@example.test",
                "{\"password\": \"correct horse\", \"loginAddresses\": \"198.51.100.0/24\"}");
        assertEquals(200, created.status(), text(created));
        var alice = backend.directory().account("alice@example.test").orElseThrow();
        assertTrue(alice.password().matches("correct horse".toCharArray()));
        assertFalse(backend.directory().services(alice).relay(), "takes its domain's Relay service");

        assertEquals(200, call("PUT", "/api/v1/directory/accounts/alice@example.test",
                "{\"services\": {\"relay\": true}}").status());
        alice = backend.directory().account("alice@example.test").orElseThrow();
        assertTrue(backend.directory().services(alice).relay());
        assertTrue(alice.password().matches("correct horse".toCharArray()), "the password stays");
        var shown = text(call("GET", "/api/v1/directory/accounts/alice@example.test", ""));
        assertTrue(shown.contains("\"relay\":true") && !shown.contains("pbkdf2"), shown);

        assertEquals(400, call("DELETE", "/api/v1/directory/domains/example.test", "").status(), "accounts first");
        assertEquals(200, call("DELETE", "/api/v1/directory/accounts/alice@example.test", "").status());
        assertEquals(404, call("DELETE", "/api/v1/directory/accounts/alice@example.test", "").status());
        assertEquals(200, call("DELETE", "/api/v1/directory/domains/example.test", "").status());
        assertTrue(backend.directory().domains().isEmpty());
    }

    @Test
    void aNewAccountNeedsAPasswordAndAListedDomain() {
        call("PUT", "/api/v1/directory/domains/example.test", "");

        assertEquals(400, call("PUT", "/api/v1/directory/accounts/bob@example.test", "{}").status());
        assertEquals(400, call("PUT", "/api/v1/directory/accounts/bob@other.test", "{\"password\": \"x\"}").status());
        assertEquals(400, call("PUT", "/api/v1/directory/accounts/bob@example.test",
                "{\"password\": \"x\", \"services\": {\"relay\": \"yes\"}}").status());
    }

    @Test
    void changesNeedTheToken() {
        var answer = api.handle(new AdminRequest("PUT", "/api/v1/directory/domains/example.test", Map.of(),
                new byte[0], "127.0.0.1"));

        assertEquals(401, answer.status());
    }
}
