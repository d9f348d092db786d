package dev.moat.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous part of the address status: lookups that answer later (reverse name, RBLs)
 * are asked only for addresses the lists leave a Stranger, started together, and joined within
 * the deadline; the temporary blocks answer at once in their place in the order.
 */
class AddressClassifierLookupsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private final EffectiveSettings settings = EffectiveSettings.build(ServerSettings.parse("""
            client-addresses: |
              10.1.0.0/16
            white-hole-addresses: |
              10.2.0.0/16
            denied-addresses: |
              10.66.0.0/16
            blacklisted-dns-names: |
              *.never.test
            """, new HostFacts("mx.example.net")).value(), ClusterSettings.empty(), 0);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger lookups = new AtomicInteger();
    private final CompletableFuture<Optional<ReverseName>> name = new CompletableFuture<>();
    private final CompletableFuture<Optional<RblAnswers.Listed>> rbl = new CompletableFuture<>();
    private final ReverseNames reverseNames = address -> {
        lookups.incrementAndGet();
        return name;
    };
    private final RblAnswers rblAnswers = address -> {
        lookups.incrementAndGet();
        return rbl;
    };

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private AddressClassifier classifier(TemporaryBlocks blocks) {
        return new AddressClassifier(AddressSet.empty(), TemporaryClients.NONE, blocks, reverseNames, rblAnswers);
    }

    private CompletableFuture<Classification> classify(AddressClassifier classifier, String address, Duration deadline) {
        return classifier.classify(IpAddress.parse(address), settings, deadline, timer).toCompletableFuture();
    }

    @Test
    void aStrangerWaitsForBothLookupsStartedTogetherAndAnRblListingBlacklistsIt() {
        var status = classify(classifier(TemporaryBlocks.NONE), "192.0.2.7", DEADLINE);

        assertEquals(2, lookups.get(), "the reverse name and the RBLs are asked at once, not one after the other");
        assertFalse(status.isDone());
        rbl.complete(Optional.of(new RblAnswers.Listed("rbl.example", "127.0.0.2")));
        assertFalse(status.isDone(), "the reverse name has not answered yet");
        name.complete(Optional.of(new ReverseName("host.example.net", true)));

        Classification classification = status.join();
        assertEquals(AddressStatus.BLACKLISTED, classification.status());
        assertEquals("rbl.example", classification.reason().rblServer(), "the chapter's ^0");
        assertEquals("listed by the RBL rbl.example (answer 127.0.0.2)", classification.reason().describe());
        assertEquals("[192.0.2.7](host.example.net) is Blacklisted", classification.line(IpAddress.parse("192.0.2.7")));
    }

    @Test
    void aStrangerNoRblListsKeepsItsStatusAndGainsItsReverseName() {
        var status = classify(classifier(TemporaryBlocks.NONE), "192.0.2.7", DEADLINE);
        name.complete(Optional.of(new ReverseName("host.example.net", true)));
        rbl.complete(Optional.empty());

        assertEquals("[192.0.2.7](host.example.net) is Stranger", status.join().line(IpAddress.parse("192.0.2.7")));
        assertEquals(new Reason.Unlisted(), status.join().reason());
    }

    @Test
    void lookupsThatDoNotAnswerByTheDeadlineLeaveAStranger() {
        var status = classify(classifier(TemporaryBlocks.NONE), "192.0.2.7", Duration.ofMillis(50));

        Classification classification = status.orTimeout(5, TimeUnit.SECONDS).join();
        assertEquals(AddressStatus.STRANGER, classification.status());
        assertEquals(new Reason.LookupsUnanswered(Duration.ofMillis(50)), classification.reason());
        rbl.complete(Optional.of(new RblAnswers.Listed("rbl.example", "127.0.0.2")));
        assertEquals(AddressStatus.STRANGER, status.join().status(), "a late answer changes nothing");
    }

    @Test
    void clientsWhiteHolesAndDeniedAddressesAskNoLookup() {
        for (String address : new String[] {"10.1.2.3", "10.2.3.4", "10.66.1.1"}) {
            assertTrue(classify(classifier(TemporaryBlocks.NONE), address, DEADLINE).isDone(), address);
        }
        assertEquals(0, lookups.get());
    }

    @Test
    void aTemporarilyBlockedAddressIsBlockedAfterDeniedAndBeforeClientWithoutLookups() {
        TemporaryBlocks blocks = address -> address.equals(IpAddress.parse("10.1.9.9"))
                || address.equals(IpAddress.parse("10.66.9.9")) || address.equals(IpAddress.parse("192.0.2.9"))
                ? Optional.of("6 failed logins in 10 minutes") : Optional.empty();
        var classifier = classifier(blocks);

        Classification client = classify(classifier, "10.1.9.9", DEADLINE).join();
        assertEquals(AddressStatus.TEMPORARILY_BLOCKED, client.status(), "blocking outranks the Client list");
        assertEquals("temporarily blocked: 6 failed logins in 10 minutes", client.reason().describe());
        assertEquals(AddressStatus.DENIED, classify(classifier, "10.66.9.9", DEADLINE).join().status());
        assertEquals(AddressStatus.TEMPORARILY_BLOCKED, classify(classifier, "192.0.2.9", DEADLINE).join().status(),
                "an address in no list");
        assertEquals(0, lookups.get());
    }

    @Test
    void lookupsThatFailAreAStrangerNotAFailure() {
        var status = classify(classifier(TemporaryBlocks.NONE), "192.0.2.7", DEADLINE);
        name.completeExceptionally(new IllegalStateException("resolver broke"));
        rbl.complete(Optional.empty());

        assertEquals(AddressStatus.STRANGER, status.join().status());
    }
}
