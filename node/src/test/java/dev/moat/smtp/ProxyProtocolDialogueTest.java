package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.IpAddress;
import dev.moat.net.NetworkAddressList;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections on a PROXY-protocol listener, over an {@code EmbeddedChannel} whose peer is the
 * balancer: v1 and v2 headers, the balancer's own connections, and every way a header can fail.
 */
class ProxyProtocolDialogueTest {
    private static final String BALANCER = "10.0.0.5";
    private static final String SENDER = "192.0.2.7";
    private static final String MX = "198.51.100.1";
    private static final SmtpListener LISTENER = new SmtpListener("mx", "0.0.0.0", 0, false, false, true,
            NetworkAddressList.parse("10.0.0.0/29 ; the balancers\n!10.0.0.6\n").list());

    private static final long TIMEOUT_MILLIS = ProxyProtocolHandler.HEADER_TIMEOUT.toMillis();

    private final Fixture f = new Fixture();
    private Dialogue d;

    @AfterEach
    void close() {
        if (d != null) {
            d.close();
        }
    }

    private Dialogue fromBalancer() {
        d = f.connectFrom(BALANCER, LISTENER);
        return d;
    }

    private void expectGreetingAndEhloFor(String client) {
        d.expect("220 " + Fixture.HOST + " ");
        d.send("EHLO client.example").expect("250-" + Fixture.HOST + " greets client.example [" + client + "]");
    }

    private void expectClosedWithoutAWord() {
        assertFalse(d.isOpen(), "the connection must be closed");
        d.expectNothing();
    }

    private static int open(Fixture f, String address) {
        return f.limiter.open(IpAddress.parse(address));
    }

    @Test
    void aV1Tcp4HeaderMakesTheSenderTheClient() {
        fromBalancer().raw("PROXY TCP4 " + SENDER + " " + MX + " 40001 25\r\n");
        expectGreetingAndEhloFor(SENDER);
        assertEquals(1, open(f, SENDER), "the sender holds the connection slot");
        assertEquals(0, open(f, BALANCER), "the balancer holds none");
        assertEquals(1, f.proxyOutcomes("accepted"));
    }

    @Test
    void aV1Tcp6HeaderMakesTheSenderTheClient() {
        fromBalancer().raw("PROXY TCP6 2001:db8::7 2001:db8::25 40001 25\r\n");
        expectGreetingAndEhloFor("2001:db8::7");
        assertEquals(1, open(f, "2001:db8::7"));
    }

    @Test
    void aV2Tcp4HeaderMakesTheSenderTheClient() {
        fromBalancer().bytes(ProxyHeaders.v2(SENDER, 40001, MX, 25));
        expectGreetingAndEhloFor(SENDER);
        assertEquals(1, f.proxyOutcomes("accepted"));
    }

    @Test
    void aV2Tcp6HeaderMakesTheSenderTheClient() {
        fromBalancer().bytes(ProxyHeaders.v2("2001:db8::7", 40001, "2001:db8::25", 25));
        expectGreetingAndEhloFor("2001:db8::7");
    }

    @Test
    void theSenderIsJudgedNotTheBalancer() {
        // 127.0.0.1 is a Client (the default list); a sender behind a balancer on loopback is not made one.
        d = f.connectFrom("127.0.0.1", new SmtpListener("mx", "0.0.0.0", 0, false, false, true,
                NetworkAddressList.parse("127.0.0.1").list()));
        d.raw("PROXY TCP4 " + SENDER + " 127.0.0.1 40001 25\r\n");
        expectGreetingAndEhloFor(SENDER);
        d.send("MAIL FROM:<a@remote.example>").expect("250 ");
        d.send("RCPT TO:<victim@elsewhere.example>").expect("550 5.7.1 ");
    }

    @Test
    void aV2LocalHealthCheckIsGreetedOnTheBalancersAddressAndCountedAgainstNoOne() {
        fromBalancer().bytes(ProxyHeaders.v2Local());
        expectGreetingAndEhloFor(BALANCER);
        assertEquals(0, open(f, BALANCER), "no per-address connection slot");
        assertEquals(1, f.limiter.open(), "but it is an open connection");
        d.send("BOGUS").expect("500 ");
        assertEquals(List.of(), f.events.events, "no protocol error reported against the balancer");
        assertEquals(1, f.proxyOutcomes("local"));
        d.send("QUIT").expect("221 ");
        d.close();
        assertEquals(0, f.limiter.open(), "the total is given back");
    }

    @Test
    void aBalancersOwnConnectionNeverRelaysEvenWhenTheBalancerIsAClientAddress() {
        var trusting = new Fixture("local-domains: [moat.test]\nclient-addresses: \"" + BALANCER + "\"\n");
        d = trusting.connectFrom(BALANCER, LISTENER);
        d.raw("PROXY UNKNOWN\r\n");
        expectGreetingAndEhloFor(BALANCER);
        d.send("MAIL FROM:<x@remote.example>").expect("250 ");
        d.send("RCPT TO:<victim@elsewhere.example>").expect("550 5.7.1 ");
    }

    @Test
    void aV1UnknownHeaderIsTheBalancersOwnConnection() {
        fromBalancer().raw("PROXY UNKNOWN\r\n");
        expectGreetingAndEhloFor(BALANCER);
        assertEquals(0, open(f, BALANCER));
        d.send("BOGUS").expect("500 ");
        assertEquals(List.of(), f.events.events);
        assertEquals(1, f.proxyOutcomes("local"));
    }

    @Test
    void aV2ProxyHeaderOfUnspecifiedFamilyIsTheBalancersOwnConnection() {
        fromBalancer().bytes(ProxyHeaders.v2(ProxyHeaders.PROXY, ProxyHeaders.UNSPECIFIED, new byte[0]));
        expectGreetingAndEhloFor(BALANCER);
        assertEquals(0, open(f, BALANCER));
        assertEquals(1, f.proxyOutcomes("local"));
    }

    @Test
    void healthChecksTakeNoSlotEvenWhenTheBalancerIsAtItsLimit() {
        var tight = new Fixture("local-domains: [moat.test]\nsmtp:\n  max-connections-per-address: 1\n");
        var checks = new Dialogue[3];
        for (int i = 0; i < checks.length; i++) {
            checks[i] = tight.connectFrom(BALANCER, LISTENER).bytes(ProxyHeaders.v2Local());
            checks[i].expect("220 ");
        }
        var sender = tight.connectFrom(BALANCER, LISTENER).raw("PROXY TCP4 " + BALANCER + " " + MX + " 1 25\r\n");
        sender.expect("220 ");
        for (var check : checks) {
            check.close();
        }
        sender.close();
    }

    @Test
    void anUntrustedPeerIsClosedBeforeAnythingIsRead() {
        d = f.connectFrom(SENDER, LISTENER);
        expectClosedWithoutAWord();
        assertEquals(1, f.proxyOutcomes("untrusted-peer"));
    }

    @Test
    void anAddressExcludedFromTheTrustedProxiesIsUntrusted() {
        d = f.connectFrom("10.0.0.6", LISTENER);
        expectClosedWithoutAWord();
        assertEquals(1, f.proxyOutcomes("untrusted-peer"));
    }

    @Test
    void smtpWithoutAHeaderIsClosedWithoutAGreeting() {
        fromBalancer().send("EHLO client.example");
        expectClosedWithoutAWord();
        assertEquals(1, f.proxyOutcomes("malformed"));
        assertEquals(0, f.limiter.open());
    }

    @Test
    void aV1HeaderWithABadAddressIsMalformed() {
        fromBalancer().raw("PROXY TCP4 192.0.2.777 " + MX + " 40001 25\r\n");
        expectClosedWithoutAWord();
        assertEquals(1, f.proxyOutcomes("malformed"));
    }

    @Test
    void aV1HeaderWithoutItsLineEndWithin108BytesIsMalformed() {
        fromBalancer().raw("PROXY TCP4 " + SENDER + " " + MX + " 40001 25" + " ".repeat(100));
        expectClosedWithoutAWord();
        assertEquals(1, f.proxyOutcomes("malformed"));
    }

    @Test
    void aV2HeaderOfAnotherVersionIsMalformed() {
        var header = ProxyHeaders.v2(SENDER, 40001, MX, 25);
        header[12] = 0x31;
        fromBalancer().bytes(header);
        expectClosedWithoutAWord();
        assertEquals(1, f.proxyOutcomes("malformed"));
    }

    @Test
    void garbageBytesAreMalformed() {
        var garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xA5);
        garbage[20] = '\r';
        garbage[21] = '\n';
        fromBalancer().bytes(garbage);
        expectClosedWithoutAWord();
        assertEquals(1, f.proxyOutcomes("malformed"));
    }

    @Test
    void aConnectionClosedInTheMiddleOfTheHeaderIsMalformed() {
        fromBalancer().raw("PROXY TCP4 " + SENDER);
        assertTrue(d.isOpen());
        d.channel.close();
        d.expectNothing();
        assertEquals(1, f.proxyOutcomes("malformed"));
        assertEquals(0, f.proxyOutcomes("timeout"));
    }

    @Test
    void aHeaderSplitOverSeveralReadsIsPutTogether() {
        var header = ProxyHeaders.v2(SENDER, 40001, MX, 25);
        fromBalancer();
        for (int from = 0; from < header.length; from += 5) {
            d.expectNothing();
            d.bytes(Arrays.copyOfRange(header, from, Math.min(header.length, from + 5)));
        }
        expectGreetingAndEhloFor(SENDER);
    }

    @Test
    void aV1HeaderSplitOverSeveralReadsIsPutTogether() {
        fromBalancer().raw("PROX").raw("Y TCP4 " + SENDER + " ");
        d.expectNothing();
        d.raw(MX + " 40001 25\r").raw("\n");
        expectGreetingAndEhloFor(SENDER);
    }

    @Test
    void smtpGluedToAV1HeaderIsNotLost() {
        fromBalancer().raw("PROXY TCP4 " + SENDER + " " + MX + " 40001 25\r\nEHLO client.example\r\nNOOP\r\n");
        d.expect("220 ");
        d.expect("250-" + Fixture.HOST + " greets client.example [" + SENDER + "]");
        d.expect("250 2.0.0 ");
    }

    @Test
    void smtpGluedToAV2HeaderIsNotLost() {
        var smtp = "EHLO client.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<user@moat.test>\r\n";
        fromBalancer().bytes(ProxyHeaders.concat(ProxyHeaders.v2(SENDER, 40001, MX, 25),
                smtp.getBytes(StandardCharsets.US_ASCII)));
        d.expect("220 ");
        d.expect("250-" + Fixture.HOST + " greets client.example [" + SENDER + "]");
        d.expect("250 ");
        d.expect("250 ");
    }

    @Test
    void noHeaderWithinTheTimeoutClosesWithoutAGreeting() {
        fromBalancer();
        d.channel.advanceTimeBy(TIMEOUT_MILLIS - 100, TimeUnit.MILLISECONDS);
        assertTrue(d.isOpen());
        d.channel.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        expectClosedWithoutAWord();
        assertEquals(1, f.proxyOutcomes("timeout"));
        assertEquals(0, f.proxyOutcomes("malformed"), "counted once");
    }

    @Test
    void aTruncatedV2HeaderTimesOut() {
        var header = ProxyHeaders.v2(SENDER, 40001, MX, 25);
        fromBalancer().bytes(Arrays.copyOf(header, header.length - 3));
        d.channel.advanceTimeBy(TIMEOUT_MILLIS + 1, TimeUnit.MILLISECONDS);
        expectClosedWithoutAWord();
        assertEquals(1, f.proxyOutcomes("timeout"));
    }

    @Test
    void theTimeoutDoesNotCutASessionThatHasStarted() {
        fromBalancer().bytes(ProxyHeaders.v2(SENDER, 40001, MX, 25));
        d.expect("220 ");
        d.channel.advanceTimeBy(TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
        assertTrue(d.isOpen());
        d.send("NOOP").expect("250 ");
        assertEquals(0, f.proxyOutcomes("timeout"));
    }

    @Test
    void aListenerWithoutTheProxyProtocolTakesAHeaderForACommand() {
        d = f.connectFrom(BALANCER, new SmtpListener("smtp", "0.0.0.0", 0, false, false));
        d.expect("220 ");
        d.send("PROXY TCP4 " + SENDER + " " + MX + " 40001 25").expect("500 ");
    }
}
