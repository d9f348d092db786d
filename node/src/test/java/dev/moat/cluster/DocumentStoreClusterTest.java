package dev.moat.cluster;

import dev.moat.testing.Eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The versioned documents on three real members on loopback, including full restarts. */
class DocumentStoreClusterTest {

    private static final String SETTINGS = "settings";
    private static final String INITIAL = DocumentStore.initialText(SETTINGS).orElseThrow();

    @TempDir
    Path dir;
    LoopbackCluster cluster;

    @BeforeEach
    void newCluster() {
        cluster = new LoopbackCluster(dir, 3);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aReplaceOnOneMemberReachesTheListenersOfTheOthersWithinASecond() throws InterruptedException {
        List<ClusterMember> members = startSeeded(1, 2, 3);
        BlockingQueue<ClusterDocument> heardBy2 = listen(members.get(1));
        BlockingQueue<ClusterDocument> heardBy3 = listen(members.get(2));
        assertEquals(0, heardBy2.poll(1, TimeUnit.SECONDS).version(), "the current version comes right away");
        assertEquals(0, heardBy3.poll(1, TimeUnit.SECONDS).version());

        members.get(0).documents().replace(SETTINGS, 0, "client-addresses: 192.0.2.1\n", "alice");

        for (BlockingQueue<ClusterDocument> heard : List.of(heardBy2, heardBy3)) {
            ClusterDocument document = heard.poll(1, TimeUnit.SECONDS);
            assertNotNull(document, "no change heard within a second");
            assertEquals(1, document.version());
            assertEquals("client-addresses: 192.0.2.1\n", document.text());
            assertEquals("alice", document.updatedBy());
        }
    }

    @Test
    void aStaleExpectedVersionGetsAConflictWithTheCurrentDocument() {
        List<ClusterMember> members = startSeeded(1, 2, 3);
        members.get(0).documents().replace(SETTINGS, 0, "a: 1\n", "alice");

        ReplaceResult result = members.get(2).documents().replace(SETTINGS, 0, "a: 2\n", "bob");

        ReplaceResult.Conflict conflict = assertInstanceOf(ReplaceResult.Conflict.class, result);
        assertEquals(1, conflict.current().version());
        assertEquals("a: 1\n", conflict.current().text());
        assertEquals("a: 1\n", members.get(1).documents().get(SETTINGS).orElseThrow().text());
    }

    @Test
    void concurrentReplacesWithTheSameExpectedVersionHaveExactlyOneWinner() throws Exception {
        List<ClusterMember> members = startSeeded(1, 2, 3);
        int writers = 12;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<ReplaceResult>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                DocumentStore store = members.get(i % 3).documents();
                String text = "writer: " + i + "\n";
                results.add(pool.submit(() -> {
                    go.await();
                    return store.replace(SETTINGS, 0, text, "writer");
                }));
            }
            go.countDown();
            List<ClusterDocument> winners = new ArrayList<>();
            for (Future<ReplaceResult> result : results) {
                if (result.get(10, TimeUnit.SECONDS) instanceof ReplaceResult.Replaced replaced) {
                    winners.add(replaced.document());
                }
            }
            assertEquals(1, winners.size(), "winners: " + winners);
            ClusterDocument stored = members.get(1).documents().get(SETTINGS).orElseThrow();
            assertEquals(1, stored.version());
            assertEquals(winners.get(0).text(), stored.text());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFreshClusterStartsFromTheInitialTextAtVersionZero() {
        List<ClusterMember> members = startSeeded(1, 2, 3);

        for (ClusterMember member : members) {
            ClusterDocument document = member.documents().get(SETTINGS).orElseThrow();
            assertEquals(0, document.version());
            assertEquals(INITIAL, document.text());
        }
        for (int index = 1; index <= 3; index++) {
            assertTrue(durableCopy(index).startsWith("# moat-document name=settings version=0 "));
        }
    }

    @Test
    void aRestartedClusterKeepsTheLastVersionAndAnOlderCopyDoesNotWin() throws InterruptedException {
        List<ClusterMember> members = startSeeded(1, 2, 3);
        BlockingQueue<ClusterDocument> heardBy3 = listen(members.get(2));
        members.get(0).documents().replace(SETTINGS, 0, "round: 1\n", "alice");
        waitForVersion(heardBy3, 1);
        members.get(2).close(); // member 3 keeps version 1 only
        members.get(0).documents().replace(SETTINGS, 1, "round: 2\n", "bob");
        cluster.close();

        // The member with the older copy starts first and seeds its version 1 ...
        ClusterMember third = cluster.start(3);
        assertEquals(1, third.documents().seed(SETTINGS, INITIAL).version());
        // ... and the others, with version 2, win.
        cluster.start(1).documents().seed(SETTINGS, INITIAL);
        cluster.start(2).documents().seed(SETTINGS, INITIAL);

        ClusterDocument document = third.documents().get(SETTINGS).orElseThrow();
        assertEquals(2, document.version());
        assertEquals("round: 2\n", document.text());
        assertEquals("bob", document.updatedBy());
        Eventually.within(Duration.ofSeconds(2), () ->
                assertTrue(durableCopy(3).startsWith("# moat-document name=settings version=2 ")));
    }

    @Test
    void anInitialTextWithAHigherHeaderVersionWinsOverTheCopies() {
        List<ClusterMember> members = startSeeded(1);
        members.get(0).documents().replace(SETTINGS, 0, "from: api\n", "alice");
        cluster.close();

        ClusterDocument seeded = cluster.start(1).documents()
                .seed(SETTINGS, "# moat-document name=settings version=5\nfrom: cluster-config\n");

        assertEquals(5, seeded.version());
        assertEquals("from: cluster-config\n", seeded.text());
    }

    @Test
    void membersOfAnotherClusterNeverJoin() {
        ClusterMember member = cluster.start(1);
        ClusterOptions ours = cluster.options(2);
        ClusterOptions stranger = new ClusterOptions("another-" + cluster.name(), ours.port(), ours.members(),
                null, "stranger", ours.dataDir(), ours.bindAddress(), ours.secret());

        try (ClusterMember other = ClusterMember.start(stranger)) {
            assertEquals(1, other.memberCount());
            assertEquals(1, member.memberCount());
        }
    }

    private List<ClusterMember> startSeeded(int... indexes) {
        List<ClusterMember> members = new ArrayList<>();
        for (int index : indexes) {
            ClusterMember member = cluster.start(index);
            member.documents().seed(SETTINGS, INITIAL);
            members.add(member);
        }
        Eventually.within(Duration.ofSeconds(5), () ->
                members.forEach(m -> assertEquals(indexes.length, m.memberCount())));
        return members;
    }

    private static BlockingQueue<ClusterDocument> listen(ClusterMember member) {
        BlockingQueue<ClusterDocument> heard = new LinkedBlockingQueue<>();
        member.documents().listen(SETTINGS, heard::add);
        return heard;
    }

    private static void waitForVersion(BlockingQueue<ClusterDocument> heard, long version)
            throws InterruptedException {
        ClusterDocument document;
        do {
            document = heard.poll(2, TimeUnit.SECONDS);
            assertNotNull(document, "version " + version + " never arrived");
        } while (document.version() < version);
    }

    private String durableCopy(int index) {
        try {
            return Files.readString(cluster.dataDir(index).resolve("cluster-documents/settings.yaml"),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("no durable copy on member " + index, e);
        }
    }
}
