package dev.moat.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import dev.moat.policy.SpfResult;
import dev.moat.testing.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;

/**
 * The evaluator's kept outcomes against a real DNS server on loopback: the same inputs within
 * the TTLs of the answers read cost no lookup at all, an expired answer makes the next check
 * ask again, inputs a macro reads are part of what is kept, and outcomes that read a failure
 * or the reverse names are never kept.
 */
class SpfKeptOutcomesTest {
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.1");
    private final TestDnsServer server = new TestDnsServer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DnsResolver resolver = new DnsResolver(new DnsOptions(List.of(server.address()),
            Duration.ofMillis(500), 2, 100), new MoatMetrics(registry));
    private final SpfEvaluator evaluator = new SpfEvaluator(resolver, "mx.moat.test");

    SpfKeptOutcomesTest() throws Exception {
    }

    @AfterEach
    void close() {
        resolver.close();
        server.close();
    }

    private SpfResult check(String mailFrom) {
        try {
            return evaluator.evaluate(CLIENT, mailFrom, "client.example.test").toCompletableFuture()
                    .get(5, TimeUnit.SECONDS).result();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private double resolverLookups() {
        return registry.find(MoatMetrics.DNS_CACHE).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void theSameInputsWithinTheTtlsCostNoLookupAndAnExpiredAnswerIsAskedAgain() throws Exception {
        server.txt("kept.example.test", "v=spf1 a:host.kept.example.test -all");
        server.a("host.kept.example.test", "192.0.2.1", 2);

        assertEquals(SpfResult.PASS, check("alice@kept.example.test"));
        double lookups = resolverLookups();
        assertEquals(SpfResult.PASS, check("alice@kept.example.test"));
        assertEquals(lookups, resolverLookups(), "answered from the kept outcome, no resolver lookup");
        assertEquals(1, server.asked("host.kept.example.test"));

        Eventually.within(Duration.ofSeconds(6), () -> {
            assertEquals(SpfResult.PASS, check("alice@kept.example.test"));
            assertEquals(2, server.asked("host.kept.example.test"), "the A record's 2 s are over: asked again");
        });
    }

    @Test
    void theLocalPartAMacroReadsIsPartOfTheInputsKept() throws Exception {
        server.txt("macro.example.test", "v=spf1 exists:%{l}.allow.macro.example.test -all");
        server.a("alice.allow.macro.example.test", "127.0.0.2", 300);

        assertEquals(SpfResult.PASS, check("alice@macro.example.test"));
        assertEquals(SpfResult.FAIL, check("bob@macro.example.test"));
        assertEquals(SpfResult.PASS, check("alice@macro.example.test"));
        assertEquals(SpfResult.FAIL, check("bob@macro.example.test"));
    }

    @Test
    void aDnsFailureIsNeverKept() {
        server.serverFailure("broken.example.test");

        assertEquals(SpfResult.TEMPERROR, check("alice@broken.example.test"));
        assertEquals(SpfResult.TEMPERROR, check("alice@broken.example.test"));
        assertEquals(2, server.asked("broken.example.test"), "each check asked the server again");
    }

    @Test
    void anOutcomeThatReadTheReverseNamesIsEvaluatedAgain() throws Exception {
        server.txt("ptr.example.test", "v=spf1 ptr -all");
        server.add(new PTRRecord(Name.fromString("1.2.0.192.in-addr.arpa."), DClass.IN, 300,
                Name.fromString("host.ptr.example.test.")));
        server.add(new org.xbill.DNS.ARecord(Name.fromString("host.ptr.example.test."), DClass.IN, 300,
                InetAddress.getByName("192.0.2.1")));

        assertEquals(SpfResult.PASS, check("alice@ptr.example.test"));
        double lookups = resolverLookups();
        assertEquals(SpfResult.PASS, check("alice@ptr.example.test"));
        assertEquals(lookups + 3, resolverLookups(), "TXT, PTR and the name's A looked up again (from the cache)");
    }
}
