package dev.moat.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.callout.Callouts;
import dev.moat.callout.ReverseConnectCheck;
import dev.moat.cluster.ClusterMember;
import dev.moat.cluster.LoopbackCluster;
import dev.moat.delivery.CalloutClient;
import dev.moat.dns.DnsOptions;
import dev.moat.dns.DnsResolver;
import dev.moat.dns.MailHostAddresses;
import dev.moat.dns.TestDnsServerAccess;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.Stage;
import dev.moat.router.ReturnPathCheck;
import dev.moat.testing.DeadPort;
import dev.moat.testing.Eventually;
import dev.moat.testing.SmtpSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reverse Connect in a conversation, one named case per rule: real SMTP servers on loopback
 * addresses (one that accepts or refuses by address, one that refuses the null sender, one that
 * takes the TCP connection and never answers, and a port held without listening, which refuses
 * every connection), a real DNS server on loopback naming them as MX hosts, and two real
 * Hazelcast members sharing the results.
 */
class ReverseConnectDialogueTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static Path root;
    private static TestDnsServerAccess dns;
    private static DnsResolver resolver;
    private static EventLoopGroup group;
    private static LoopbackCluster cluster;
    private static ClusterMember member1;
    private static ClusterMember member2;
    private static SmtpSink good;
    private static SmtpSink second;
    private static SmtpSink picky;
    private static SmtpSink slow;
    private static ServerSocket silent;
    /** Reserved, never listening: the dead MX hosts' port on 127.0.0.4 refuses every connection. */
    private static DeadPort dead;
    private static int port;
    private static SimpleMeterRegistry registry1 = new SimpleMeterRegistry();
    private static SimpleMeterRegistry registry2 = new SimpleMeterRegistry();
    private static Callouts callouts1;
    private static Callouts callouts2;
    private final List<Dialogue> dialogues = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("reverse-connect");
        good = new SmtpSink(InetAddress.getByName("127.0.0.2"), 0).refuse("nobody@good.example")
                .refuse("nobody@short.example");
        port = good.port();
        second = new SmtpSink(InetAddress.getByName("127.0.0.3"), port);
        silent = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.5"));
        dead = DeadPort.reserve(InetAddress.getByName("127.0.0.4"), port);
        picky = new SmtpSink(InetAddress.getByName("127.0.0.6"), port).answer("MAIL", "553 5.1.0 Null sender not allowed here");
        slow = new SmtpSink(InetAddress.getByName("127.0.0.8"), port).hold("RCPT");
        dns = new TestDnsServerAccess();
        mx("good.example", 10, "127.0.0.2");
        mx("short.example", 10, "127.0.0.2");
        dns.a("plain.example", "127.0.0.2");
        mx("dead.example", 10, "127.0.0.4");
        mx("silent.example", 10, "127.0.0.5");
        mx("picky.example", 10, "127.0.0.6");
        mx("slow.example", 10, "127.0.0.8");
        // Written worst first: the order must come from the preferences, not the answer.
        dns.mx("order.example", 20, "mx20.order.example");
        dns.a("mx20.order.example", "127.0.0.3");
        dns.mx("order.example", 10, "mx10.order.example");
        dns.a("mx10.order.example", "127.0.0.2");
        dns.mx("fallover.example", 10, "mx10.fallover.example");
        dns.a("mx10.fallover.example", "127.0.0.4");
        dns.mx("fallover.example", 20, "mx20.fallover.example");
        dns.a("mx20.fallover.example", "127.0.0.3");
        dns.mx("faked.example", 10, "mx.faked.example");
        dns.mx("nullmx.example", 0, ".");
        dns.failing("broken.example");
        resolver = new DnsResolver(new DnsOptions(List.of(new InetSocketAddress("127.0.0.1", dns.port())),
                Duration.ofSeconds(1), 2, 1000), new MoatMetrics(new SimpleMeterRegistry()));
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        cluster = new LoopbackCluster(root, 2);
        member1 = cluster.start(1);
        member2 = cluster.start(2);
        Eventually.within(WAIT, () -> assertEquals(2, member1.memberCount()));
        callouts1 = new Callouts(new CalloutClient(group), new MailHostAddresses(resolver), member1.calloutResults(),
                new MoatMetrics(registry1));
        callouts2 = new Callouts(new CalloutClient(group), new MailHostAddresses(resolver), member2.calloutResults(),
                new MoatMetrics(registry2));
        // The first read of a map makes its proxies and partitions: not what the timing cases measure.
        member1.calloutResults().get("warm@up.example").toCompletableFuture().join();
        member2.calloutResults().get("warm@up.example").toCompletableFuture().join();
    }

    private static void mx(String domain, int preference, String address) throws Exception {
        dns.mx(domain, preference, "mx." + domain);
        dns.a("mx." + domain, address);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        resolver.close();
        dns.close();
        for (var sink : List.of(good, second, picky, slow)) {
            sink.close();
        }
        silent.close();
        dead.close();
        // The class outlives its tests in the suite's JVM: what a stopped member's maps hold would stay with it.
        member1 = member2 = null;
        callouts1 = callouts2 = null;
        registry1 = registry2 = null;
        cluster = null;
        resolver = null;
    }

    @AfterEach
    void closeDialogues() {
        dialogues.forEach(Dialogue::close);
    }

    /** The node's MAIL checks with Reverse Connect under {@code callout} settings (lines indented two spaces). */
    private static Fixture fixture(Callouts callouts, String callout) {
        var f = new Fixture("""
                local-domains: [moat.test]
                client-addresses: "10.0.0.0/8"
                smtp:
                  auth:
                    allow-plaintext: true
                router: |
                  <*@rewritten.example> = *@moat.test
                callout:
                  enabled: true
                  port: %d
                """.formatted(port) + callout);
        f.withChecks(Stage.MAIL, new ReturnPathCheck(f.settings.router()),
                new ReverseConnectCheck(callouts, f.settings.callout(), f.settings.router()::route, Fixture.HOST));
        return f;
    }

    private static Fixture fixture() {
        return fixture(callouts1, """
                  connect-timeout: 2s
                  reply-timeout: 2s
                  total-timeout: 5s
                """);
    }

    private Dialogue session(Fixture f, String client) {
        var d = f.connect(client);
        dialogues.add(d);
        d.expect("220 ");
        d.send("EHLO client.example").expect("250-");
        return d;
    }

    /** The reply to MAIL FROM in a new session, which is then closed. */
    private String mailFrom(Fixture f, String client, String path) {
        var d = session(f, client);
        var reply = d.send("MAIL FROM:<" + path + ">").awaitReply(WAIT);
        dialogues.remove(d);
        d.close();
        return reply;
    }

    /** How many times {@code sink} was asked about {@code address}. */
    private static long asked(SmtpSink sink, String address) {
        return sink.commands().stream().filter(c -> c.equals("RCPT TO:<" + address + ">")).count();
    }

    private static double results(SimpleMeterRegistry registry, String result) {
        var counter = registry.find(MoatMetrics.CALLOUT_RESULTS).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anAddressItsMailServerAcceptsPassesAfterEhloNullSenderRcptAndQuit() throws Exception {
        double before = results(registry1, "accepted");
        var timer = registry1.find(MoatMetrics.CALLOUT_DURATION).tag("result", "accepted").timer();
        long timed = timer == null ? 0 : timer.count();
        assertEquals("250 2.1.0 Sender <yes@good.example> OK", mailFrom(fixture(), "192.0.2.7", "yes@good.example"));
        good.awaitCommand("QUIT", 1);
        var commands = good.commands();
        int rcpt = commands.indexOf("RCPT TO:<yes@good.example>");
        assertTrue(rcpt > 1, commands::toString);
        assertTrue(commands.get(rcpt - 2).startsWith("EHLO " + Fixture.HOST), commands::toString);
        assertEquals("MAIL FROM:<>", commands.get(rcpt - 1));
        assertEquals(before + 1, results(registry1, "accepted"));
        assertEquals(timed + 1, registry1.find(MoatMetrics.CALLOUT_DURATION).tag("result", "accepted").timer().count());
    }

    @Test
    void anAddressItsMailServerRefusesWith5xxIsRefusedWith550NamingTheCalloutNotEchoingIt() {
        var reply = mailFrom(fixture(), "192.0.2.7", "nobody@good.example");
        assertTrue(reply.startsWith("550 5.1.7 The Return-Path address was refused by its own mail server (Reverse Connect)"),
                reply);
        assertFalse(reply.contains("User unknown"), reply);
    }

    @Test
    void aDomainWithoutMxIsAskedAtItsOwnAddress() {
        assertEquals(250, code(mailFrom(fixture(), "192.0.2.7", "yes@plain.example")));
        assertEquals(1, asked(good, "yes@plain.example"));
    }

    @Test
    void aDomainDnsSaysHasNoMailHostIsRefusedWithTheDnsChecks5xxWithoutACallout() {
        double before = results(registry1, "no-mail-host");
        var unknown = mailFrom(fixture(), "192.0.2.7", "someone@nowhere.example");
        assertTrue(unknown.startsWith("553 5.1.8 The Return-Path domain cannot receive mail"), unknown);
        var faked = mailFrom(fixture(), "192.0.2.7", "someone@faked.example");
        assertTrue(faked.startsWith("553 5.1.8 "), faked);
        var nullMx = mailFrom(fixture(), "192.0.2.7", "someone@nullmx.example");
        assertTrue(nullMx.startsWith("550 5.7.27 The Return-Path domain accepts no mail (null MX)"), nullMx);
        assertEquals(before + 3, results(registry1, "no-mail-host"));
        var failing = mailFrom(fixture(), "192.0.2.7", "someone@broken.example");
        assertTrue(failing.startsWith("451 4.4.3 "), "a DNS failure stays temporary: " + failing);
    }

    @Test
    void aDeadMxGivesATemporaryRefusal() {
        var reply = mailFrom(fixture(), "192.0.2.7", "someone@dead.example");
        assertTrue(reply.startsWith("451 4.4.3 "), reply);
    }

    @Test
    void aSilentMxGivesATemporaryRefusalWithinTheTimeout() {
        var f = fixture(callouts1, """
                  reply-timeout: 1s
                  total-timeout: 3s
                """);
        double before = calloutSeconds("unreachable") + calloutSeconds("timeout");
        long started = System.nanoTime();
        var reply = mailFrom(f, "192.0.2.7", "someone@silent.example");
        var took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(reply.startsWith("451 4.4.3 "), reply);
        assertTrue(took.compareTo(Duration.ofSeconds(1)) >= 0, "the silent greeting was waited for: " + took);
        // The callout itself (its MX lookup included, at most two tries of 1 s) ended by its total timeout.
        double callout = calloutSeconds("unreachable") + calloutSeconds("timeout") - before;
        assertTrue(callout >= 1 && callout < 3 + 2 + 0.5, "the callout took " + callout + " s");
    }

    private static double calloutSeconds(String result) {
        var timer = registry1.find(MoatMetrics.CALLOUT_DURATION).tag("result", result).timer();
        return timer == null ? 0 : timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9;
    }

    @Test
    void aServerThatRefusesTheNullSenderGivesATemporaryRefusal() {
        var reply = mailFrom(fixture(), "192.0.2.7", "someone@picky.example");
        assertTrue(reply.startsWith("451 4.7.1 Cannot verify the Return-Path: its mail server refuses the null sender"), reply);
        assertEquals(0, asked(picky, "someone@picky.example"), "no RCPT after a refused MAIL FROM:<>");
    }

    @Test
    void theMxHostsAreAskedInPreferenceOrder() {
        assertEquals(250, code(mailFrom(fixture(), "192.0.2.7", "first@order.example")));
        assertEquals(1, asked(good, "first@order.example"), "the preference-10 host");
        assertEquals(0, asked(second, "first@order.example"), "the preference-20 host");
    }

    @Test
    void aDeadBestMxFallsOverToTheNextOne() {
        assertEquals(250, code(mailFrom(fixture(), "192.0.2.7", "over@fallover.example")));
        assertEquals(1, asked(second, "over@fallover.example"));
    }

    @Test
    void noCalloutForTheNullSenderLocalOrRewrittenAddressesClientsOrAuthenticatedSessions() {
        var f = fixture();
        int connections = good.connections();
        assertEquals(250, code(mailFrom(f, "192.0.2.7", "")), "the null sender");
        assertEquals(250, code(mailFrom(f, "192.0.2.7", "alice@moat.test")), "a local address (moat.test has no MX)");
        assertEquals(250, code(mailFrom(f, "192.0.2.7", "bob@rewritten.example")), "an address a Router record rewrites");
        assertEquals(250, code(mailFrom(f, "10.1.2.3", "client@good.example")), "a Client");
        var login = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
        var d = session(f, "192.0.2.7");
        d.send("AUTH PLAIN " + login).expect("235 ");
        assertEquals(250, code(d.send("MAIL FROM:<auth@good.example>").awaitReply(WAIT)), "an authenticated session");
        assertEquals(connections, good.connections());
    }

    @Test
    void noCalloutForATemporaryClient() {
        var f = fixture();
        member1.temporaryClients().add(IpAddress.parse("192.0.2.99"), Duration.ofMinutes(5), 100);
        f.classifier = new AddressClassifier(AddressSet.empty(), member1.temporaryClients());
        assertEquals(250, code(mailFrom(f, "192.0.2.99", "temporary@good.example")));
        assertEquals(0, asked(good, "temporary@good.example"));
    }

    @Test
    void acceptedAndRefusedAddressesAreRememberedEachForItsLifetime() {
        var f = fixture(callouts1, """
                  reply-timeout: 3s
                  accepted-lifetime: 2s
                  refused-lifetime: 5s
                """);
        long started = System.nanoTime();
        assertEquals(250, code(mailFrom(f, "192.0.2.7", "kept@short.example")));
        assertEquals(550, code(mailFrom(f, "192.0.2.7", "nobody@short.example")));
        remembered(member1, "kept@short.example");
        remembered(member1, "nobody@short.example");
        assertEquals(250, code(mailFrom(f, "192.0.2.7", "kept@short.example")));
        assertEquals(550, code(mailFrom(f, "192.0.2.7", "nobody@short.example")));
        assertEquals(1, asked(good, "kept@short.example"), "answered from the cluster's results");
        assertEquals(1, asked(good, "nobody@short.example"), "answered from the cluster's results");
        Eventually.within(WAIT, () -> {
            assertEquals(250, code(mailFrom(f, "192.0.2.7", "kept@short.example")));
            assertEquals(2, asked(good, "kept@short.example"));
        });
        var acceptedAgain = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(1, asked(good, "nobody@short.example"), "the refusal lives longer than the acceptance");
        Eventually.within(WAIT, () -> {
            assertEquals(550, code(mailFrom(f, "192.0.2.7", "nobody@short.example")));
            assertEquals(2, asked(good, "nobody@short.example"));
        });
        var refusedAgain = Duration.ofNanos(System.nanoTime() - started);
        // Hazelcast keeps an entry's times to the second: a lifetime may end up to a second early.
        assertTrue(acceptedAgain.compareTo(Duration.ofSeconds(1)) >= 0, "asked again after " + acceptedAgain);
        assertTrue(refusedAgain.compareTo(Duration.ofSeconds(4)) >= 0, "asked again after " + refusedAgain);
    }

    @Test
    void overTheBoundPerDomainACalloutIsRefusedAtOnceAndTheSameAddressSharesOneCallout() throws Exception {
        var f = fixture(callouts1, """
                  reply-timeout: 10s
                  total-timeout: 15s
                  max-per-domain: 1
                """);
        var waiting = session(f, "192.0.2.7").send("MAIL FROM:<one@slow.example>");
        slow.awaitCommand("RCPT TO:<one@slow.example>", 1);
        var same = session(f, "192.0.2.8").send("MAIL FROM:<one@slow.example>");
        var reply = mailFrom(f, "192.0.2.9", "two@slow.example");
        assertTrue(reply.startsWith("451 4.7.1 Too many Return-Path verifications for this domain"), reply);
        assertEquals(1, slow.connections(), "the refused one made no connection");
        slow.release();
        assertEquals(250, code(waiting.awaitReply(WAIT)));
        assertEquals(250, code(same.awaitReply(WAIT)));
        assertEquals(1, asked(slow, "one@slow.example"), "one callout answered both");
    }

    @Test
    void aResultOneNodeFoundIsUsedByAnotherWithoutANewCallout() {
        var f1 = fixture();
        assertEquals(250, code(mailFrom(f1, "192.0.2.7", "shared@good.example")));
        assertEquals(550, code(mailFrom(f1, "192.0.2.7", "nobody@good.example")));
        long askedBefore = asked(good, "nobody@good.example");
        int connections = good.connections();
        remembered(member2, "shared@good.example");
        remembered(member2, "nobody@good.example");
        var f2 = fixture(callouts2, "");
        assertEquals(250, code(mailFrom(f2, "192.0.2.7", "shared@good.example")));
        assertEquals(550, code(mailFrom(f2, "192.0.2.7", "nobody@good.example")));
        assertEquals(connections, good.connections(), "the second node made no connection");
        assertEquals(1, asked(good, "shared@good.example"));
        assertEquals(askedBefore, asked(good, "nobody@good.example"));
        assertEquals(1, results(registry2, "cached-accepted"));
        assertEquals(1, results(registry2, "cached-refused"));
    }

    private static void remembered(ClusterMember member, String address) {
        Eventually.within(WAIT, () -> assertTrue(member.calloutResults().get(address).toCompletableFuture().join()
                .isPresent(), address + " is in the cluster's results"));
    }

    private static int code(String reply) {
        return Integer.parseInt(reply.substring(0, 3));
    }
}
