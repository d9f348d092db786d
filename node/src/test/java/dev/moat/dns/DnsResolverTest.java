package dev.moat.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.metrics.MoatMetrics;
import dev.moat.testing.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The resolver against a real DNS server on loopback: answers as values, the cache, retries, shared queries. */
class DnsResolverTest {
    private final TestDnsServer server = new TestDnsServer();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DnsResolver resolver = resolver(100);

    DnsResolverTest() throws Exception {
    }

    private DnsResolver resolver(int cacheSize) {
        return new DnsResolver(new DnsOptions(List.of(server.address()), Duration.ofMillis(200), 2, cacheSize),
                new MoatMetrics(registry));
    }

    @AfterEach
    void close() {
        resolver.close();
        server.close();
    }

    private DnsAnswer ask(String name, int type) throws Exception {
        return resolver.query(Name.fromString(name), type).toCompletableFuture().get();
    }

    @Test
    void recordsComeBackAsValuesAndTheSecondQuestionIsAnsweredFromTheCache() throws Exception {
        server.a("host.example.test", "192.0.2.7", 300);

        var answer = assertInstanceOf(DnsAnswer.Records.class, ask("host.example.test.", Type.A));
        assertEquals("192.0.2.7", ((ARecord) answer.records().get(0)).getAddress().getHostAddress());
        assertEquals(300, answer.ttlSeconds());
        ask("HOST.example.test.", Type.A);
        assertEquals(1, server.asked("host.example.test"), "case does not matter, and the answer was kept");
        assertEquals(1.0, registry.find(MoatMetrics.DNS_CACHE).tag("result", "hit").counter().count());
    }

    @Test
    void noSuchNameIsKeptForTheNegativeTtlOfTheSoaAndNoDataIsItsOwnAnswer() throws Exception {
        server.negativeTtl = 120;
        server.a("exists.example.test", "192.0.2.1", 60);

        assertEquals(new DnsAnswer.NoSuchName(120), ask("missing.example.test.", Type.A));
        var kept = assertInstanceOf(DnsAnswer.NoSuchName.class, ask("missing.example.test.", Type.A));
        assertTrue(kept.ttlSeconds() == 119 || kept.ttlSeconds() == 120, "the seconds it has left: " + kept);
        assertEquals(1, server.asked("missing.example.test"));
        assertEquals(new DnsAnswer.NoData(120), ask("exists.example.test.", Type.TXT));
    }

    @Test
    void aCachedAnswerComesBackWithTheSecondsItHasLeft() throws Exception {
        server.a("short.example.test", "192.0.2.8", 2);

        assertEquals(2, ask("short.example.test.", Type.A).ttlSeconds());
        Eventually.within(Duration.ofSeconds(5), () -> {
            try {
                assertEquals(0, ask("short.example.test.", Type.A).ttlSeconds(), "in its last second: 0 left");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(1, server.asked("short.example.test"), "still the first answer");
    }

    @Test
    void aServerThatNeverAnswersIsATimeoutAfterEachTryNeverAnException() throws Exception {
        server.neverAnswer("dead.test");
        long started = System.nanoTime();

        assertEquals(new DnsAnswer.Timeout(), ask("1.dead.test.", Type.A));
        long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(2, server.asked("1.dead.test"), "sent at most twice");
        assertTrue(took >= 350 && took < 2000, "two tries of 200 ms: " + took + " ms");
        ask("1.dead.test.", Type.A);
        assertEquals(4, server.asked("1.dead.test"), "a timeout is not kept");
    }

    @Test
    void aServerFailureIsAValueAndIsNotKept() throws Exception {
        server.serverFailure("broken.test");

        assertInstanceOf(DnsAnswer.ServerFailure.class, ask("x.broken.test.", Type.A));
        assertInstanceOf(DnsAnswer.ServerFailure.class, ask("x.broken.test.", Type.A));
        assertEquals(2, server.asked("x.broken.test"));
    }

    @Test
    void questionsAskedWhileTheSameIsOutShareOneQuery() throws Exception {
        server.neverAnswer("slow.test");
        var name = Name.fromString("q.slow.test.");

        var first = resolver.query(name, Type.A).toCompletableFuture();
        var second = resolver.query(name, Type.A).toCompletableFuture();
        var third = resolver.query(name, Type.A).toCompletableFuture();
        CompletableFuture.allOf(first, second, third).get();

        assertEquals(2, server.asked("q.slow.test"), "three askers, one query of two tries");
        assertEquals(new DnsAnswer.Timeout(), third.get());
    }

    @Test
    void theCacheForgetsTheLeastRecentlyUsedPastItsSize() throws Exception {
        resolver.close();
        resolver = resolver(2);
        for (String host : new String[] {"a", "b", "c"}) {
            server.a(host + ".example.test", "192.0.2.1", 300);
        }

        ask("a.example.test.", Type.A);
        ask("b.example.test.", Type.A);
        ask("a.example.test.", Type.A);
        ask("c.example.test.", Type.A);
        ask("a.example.test.", Type.A);
        ask("b.example.test.", Type.A);

        assertEquals(1, server.asked("a.example.test"), "used last, so kept");
        assertEquals(2, server.asked("b.example.test"), "the least recently used, so forgotten");
    }
}
