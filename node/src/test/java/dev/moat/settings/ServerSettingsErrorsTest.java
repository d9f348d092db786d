package dev.moat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of mistake in the server-wide file is refused with its line and setting name. */
class ServerSettingsErrorsTest {
    private static final HostFacts HOST = new HostFacts("mail-7.example.net");

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("not valid YAML", "a: b: c\n", 1, "", "not valid YAML"),
                mistake("a document that is a list", "- smtp\n", 1, "", "must be a mapping of settings"),
                mistake("an unknown section, with a hint", "smtpp:\n  greeting: x\n", 1, "smtpp", "unknown setting; did you mean smtp?"),
                mistake("an unknown key, with a hint", "smtp:\n  max-recipient: 5\n", 2, "smtp.max-recipient", "did you mean max-recipients?"),
                mistake("an unknown key, without a hint", "smtp:\n  banner: hi\n", 2, "smtp.banner", "unknown setting"),
                mistake("a key given twice", "smtp:\n  greeting: a\n  greeting: b\n", 3, "smtp.greeting", "is given twice (first on line 2)"),
                mistake("a section that is text", "smtp: fast\n", 1, "smtp", "must be a mapping of settings"),
                mistake("a section that is a list", "smtp:\n  - greeting\n", 2, "smtp", "must be a mapping of settings"),
                mistake("text that is a mapping", "smtp:\n  greeting:\n    text: hi\n", 3, "smtp.greeting", "must be text"),
                mistake("text with a line break", "smtp:\n  greeting: \"hi\\r\\nMAIL FROM:<x>\"\n", 2, "smtp.greeting", "one line of text"),
                mistake("a number that is a word", "smtp:\n  max-recipients: lots\n", 2, "smtp.max-recipients", "must be a whole number from 1 to 100000"),
                mistake("a number out of range", "smtp:\n  max-recipients: 0\n", 2, "smtp.max-recipients", "must be a whole number from 1 to 100000"),
                mistake("a number left empty", "smtp:\n  max-recipients:\n", 2, "smtp.max-recipients", "must be a whole number"),
                mistake("a number with a fraction", "smtp:\n  max-connections: 10.5\n", 2, "smtp.max-connections", "must be a whole number"),
                mistake("more per address than in all", "smtp:\n  max-connections: 10\n  max-connections-per-address: 11\n", 3,
                        "smtp.max-connections-per-address", "must not be more than max-connections (10)"),
                mistake("a boolean written yes", "smtp:\n  tls:\n    enabled: yes\n", 3, "smtp.tls.enabled", "must be true or false"),
                mistake("a duration in words", "smtp:\n  timeouts:\n    command: 5 minutes\n", 3, "smtp.timeouts.command", "must be a duration like 500ms"),
                mistake("a zero duration", "delivery:\n  idle-timeout: 0s\n", 2, "delivery.idle-timeout", "must be from 1ms to 1d"),
                mistake("a duration too long", "delivery:\n  data-timeout: 2d\n", 2, "delivery.data-timeout", "must be from 1ms to 1d"),
                mistake("a size in words", "smtp:\n  max-message-size: 25 megs\n", 2, "smtp.max-message-size", "must be a size like 1024"),
                mistake("a size below 1 KiB", "smtp:\n  max-message-size: 1000\n", 2, "smtp.max-message-size", "must be from 1KiB to 1GiB"),
                mistake("an unknown delivery mode", "delivery:\n  mode: smarthost\n", 2, "delivery.mode", "must be one of spool, relay"),
                mistake("relay without a next hop", "delivery:\n  mode: relay\n", 2, "delivery.mode", "relay needs delivery.next-hop"),
                mistake("a next hop with a bad port", "delivery:\n  next-hop: mx.example.com:99999\n", 2, "delivery.next-hop", "must be host:port"),
                mistake("a relay host with a bad port", "delivery:\n  relay-host: out.example.com:0\n", 2, "delivery.relay-host", "must be host:port"),
                mistake("next hops that are a list", "delivery:\n  next-hops:\n    - a.example\n", 3, "delivery.next-hops", "must be a mapping"),
                mistake("a named next hop whose name is no host name", "delivery:\n  next-hops:\n    mx_1.example: a.example:25\n", 3,
                        "delivery.next-hops.mx_1.example", "is not a host name"),
                mistake("a named next hop written twice", "delivery:\n  next-hops:\n    a.example: x.example\n    A.Example.: y.example\n", 4,
                        "delivery.next-hops.A.Example.", "is given twice (first on line 3)"),
                mistake("a named next hop for a local domain", "local-domains: [mine.example]\ndelivery:\n  next-hops:\n    mine.example: x.example\n", 4,
                        "delivery.next-hops.mine.example", "is a local domain"),
                mistake("a named next hop with a bad port", "delivery:\n  next-hops:\n    a.example: x.example:65536\n", 3,
                        "delivery.next-hops.a.example", "must be host:port"),
                mistake("a named next hop left empty", "delivery:\n  next-hops:\n    a.example:\n", 3,
                        "delivery.next-hops.a.example", "must be host:port"),
                mistake("a named next hop that is a mapping", "delivery:\n  next-hops:\n    a.example:\n      host: x\n", 4,
                        "delivery.next-hops.a.example", "must be text"),
                mistake("an IPv6 next hop without brackets", "delivery:\n  next-hops:\n    a.example: 2001:db8::25:25\n", 3,
                        "delivery.next-hops.a.example", "an IPv6 address goes in brackets"),
                mistake("a host name that is no domain", "smtp:\n  host-name: mx_1.example.com\n", 2, "smtp.host-name", "must be a domain name"),
                mistake("no listeners", "smtp:\n  listeners: []\n", 2, "smtp.listeners", "at least one listener"),
                mistake("listeners that are a mapping", "smtp:\n  listeners:\n    smtp: 25\n", 3, "smtp.listeners", "must be a list"),
                mistake("an unknown listener kind", "smtp:\n  listeners:\n    - kind: lmtp\n", 3, "smtp.listeners[0].kind", "must be one of smtp, submission, smtps"),
                mistake("a listener port out of range", "smtp:\n  listeners:\n    - name: a\n      port: 70000\n", 4,
                        "smtp.listeners[0].port", "must be a whole number from 0 to 65535"),
                mistake("a listener address that is a name", "smtp:\n  listeners:\n    - address: mail.example.com\n", 3,
                        "smtp.listeners[0].address", "must be an IP address"),
                mistake("an unknown listener key", "smtp:\n  listeners:\n    - name: a\n      proxy_protocol: true\n", 4,
                        "smtp.listeners[0].proxy_protocol", "did you mean proxy-protocol?"),
                mistake("two listeners of one name", "smtp:\n  listeners:\n    - port: 25\n    - port: 26\n", 4,
                        "smtp.listeners[1].name", "listener smtp is already defined on line 3"),
                mistake("two listeners on one port", "smtp:\n  listeners:\n    - name: a\n    - name: b\n", 4,
                        "smtp.listeners[1].port", "is already used by listener a"),
                mistake("PROXY protocol without trusted proxies", "smtp:\n  listeners:\n    - name: a\n      proxy-protocol: true\n", 3,
                        "smtp.listeners[0].trusted-proxies", "must list the proxies' addresses"),
                mistake("smtps without TLS", "smtp:\n  tls:\n    enabled: false\n  listeners:\n    - kind: smtps\n", 5,
                        "smtp.listeners[0].kind", "smtps needs smtp.tls.enabled: true"),
                mistake("a certificate without its key", "smtp:\n  tls:\n    certificate: /c.pem\n", 3, "smtp.tls.certificate", "needs private-key too"),
                mistake("a key without its certificate", "smtp:\n  tls:\n    private-key: /k.pem\n", 3, "smtp.tls.private-key", "needs certificate too"),
                mistake("users that are text", "smtp:\n  auth:\n    users: alice\n", 3, "smtp.auth.users", "must be a list"),
                mistake("a user without a name", "smtp:\n  auth:\n    users:\n      - password: " + HASH + "\n", 4,
                        "smtp.auth.users[0].name", "must not be empty"),
                mistake("a user listed twice", "smtp:\n  auth:\n    users:\n      - {name: bob, password: " + HASH + "}\n"
                        + "      - {name: bob, password: " + HASH + "}\n", 5, "smtp.auth.users[1].name", "user bob is already listed on line 4"),
                mistake("a malformed password hash", "smtp:\n  auth:\n    users:\n      - name: bob\n        password: hunter2\n", 5,
                        "smtp.auth.users[0].password", "must be a password hash of the form $pbkdf2-sha256$"),
                mistake("a local domain that is no domain", "local-domains:\n  - example.com\n  - not a domain\n", 3,
                        "local-domains[1]", "must be a domain name"),
                mistake("local domains that are text", "local-domains: example.com\n", 1, "local-domains", "must be a list"),
                mistake("an admin address that is a name", "admin:\n  address: localhost\n", 2, "admin.address", "must be an IP address"),
                mistake("an admin certificate without its key", "admin:\n  tls:\n    certificate: /etc/moat/a.crt\n", 3,
                        "admin.tls.certificate", "needs private-key too (or neither, for plain HTTP)"),
                mistake("an admin request timeout of an hour", "admin:\n  request-timeout: 1h\n", 2,
                        "admin.request-timeout", "must be from 1s to 10m"),
                mistake("an admin port out of range", "admin:\n  port: -1\n", 2, "admin.port", "must be a whole number from 0 to 65535"),
                mistake("a cluster port of 0", "cluster:\n  port: 0\n", 2, "cluster.port", "must be a whole number from 1 to 65535"),
                mistake("an empty cluster name", "cluster:\n  name: \"\"\n", 2, "cluster.name", "must not be empty"),
                mistake("a cluster member with a bad port", "cluster:\n  members: [moat-1, 'moat-2:x']\n", 2,
                        "cluster.members[1]", "must be host or host:port"),
                mistake("an unknown blacklisted action", "blacklisted-action: drop\n", 1, "blacklisted-action",
                        "must be one of reject, add-header"),
                mistake("a blacklisted header without a colon", "blacklisted-header: X-Blacklisted\n", 1, "blacklisted-header",
                        "must be one header field such as \"X-Blacklisted: ^0 ^1\""),
                mistake("a blacklisted header with an unknown macro", "blacklisted-action: add-header\nblacklisted-header: 'X-B: ^2'\n", 2,
                        "blacklisted-header", "only ^0 (the RBL server) and ^1 (the client address)"),
                mistake("a blacklisted header of two lines", "blacklisted-header: \"X-A: b\\r\\nX-B: c\"\n", 1, "blacklisted-header",
                        "one line of text"),
                mistake("a cluster member that is a mapping", "cluster:\n  members:\n    - host: moat-1\n", 3,
                        "cluster.members[0]", "must be text"));
    }

    /** A well-formed hash; its iterations are never computed by these tests. */
    private static final String HASH = "'$pbkdf2-sha256$i=310000$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(43) + "'";

    private static Arguments mistake(String label, String yaml, int line, String path, String message) {
        return arguments(named(label, yaml), line, path, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsRefusedWithItsLineAndSettingName(String yaml, int line, String path, String message) {
        SettingsResult<ServerSettings> result = ServerSettings.parse(yaml, HOST);

        assertNull(result.value());
        assertEquals(1, result.errors().size(), () -> "errors: " + result.errors());
        SettingsError error = result.errors().get(0);
        assertEquals(line, error.line(), error::toString);
        assertEquals(path, error.path(), error::toString);
        assertTrue(error.message().contains(message), error::toString);
    }

    @Test
    void everyErrorIsReportedInLineOrderNotJustTheFirst() {
        String yaml = """
                cluster:
                  port: 0
                smtp:
                  max-recipients: 0
                  tls:
                    enabled: maybe
                nodes:
                  name: x
                """;

        List<SettingsError> errors = ServerSettings.parse(yaml, HOST).errors();

        assertEquals(List.of(2, 4, 6, 7), errors.stream().map(SettingsError::line).toList(), errors::toString);
    }

    @Test
    void aMalformedPasswordIsNeverEchoed() {
        String yaml = """
                smtp:
                  auth:
                    users:
                      - name: bob
                        password: "correct horse battery staple"
                """;

        List<SettingsError> errors = ServerSettings.parse(yaml, HOST).errors();

        assertEquals(1, errors.size());
        assertFalse(errors.get(0).toString().contains("horse"), errors.get(0)::toString);
    }

    @Test
    void anErrorReadsAsLineSettingAndMessage() {
        assertEquals("line 12: smtp.max-recipients: must be a whole number from 1 to 100000",
                new SettingsError(12, "smtp.max-recipients", "must be a whole number from 1 to 100000").toString());
        assertEquals("/etc/moat/moat.yaml: does not exist", new SettingsError(0, "/etc/moat/moat.yaml", "does not exist").toString());
    }
}
