package dev.moat.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide documents, one entry per document in the map {@link ClusterMaps#DOCUMENTS}.
 * A change is a compare-and-set on the version, done atomically on the entry's owner; every
 * member that hears a version keeps a durable copy of it, and a starting member offers its
 * best copy with {@link #seed}, so the cluster keeps the highest version across full stops.
 * Methods block on the cluster; call them off event loops.
 */
public final class DocumentStore {

    private static final Logger log = LoggerFactory.getLogger(DocumentStore.class);

    private final IMap<String, ClusterDocument> map;
    private final DurableDocuments copies;

    DocumentStore(HazelcastInstance hazelcast, DurableDocuments copies) {
        this.map = hazelcast.getMap(ClusterMaps.DOCUMENTS);
        this.copies = copies;
        map.addEntryListener(new Listener(copies::keep), true);
        // Versions stored before this member joined produce no event here.
        map.values().forEach(copies::keep);
    }

    /** The current version of document {@code name}, if the cluster has one. */
    public Optional<ClusterDocument> get(String name) {
        return Optional.ofNullable(map.get(requireName(name)));
    }

    /**
     * Stores {@code text} as version {@code expectedVersion + 1} if the document is still at
     * {@code expectedVersion} (0 for a document never stored), else reports the conflict.
     */
    public ReplaceResult replace(String name, long expectedVersion, String text, String updatedBy) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("negative version: " + expectedVersion);
        }
        ClusterDocument replacement = new ClusterDocument(
                requireName(name), expectedVersion + 1, text, updatedBy, System.currentTimeMillis());
        ClusterDocument current = map.executeOnKey(name, new ReplaceDocumentProcessor(expectedVersion, replacement));
        if (current != null) {
            return new ReplaceResult.Conflict(current);
        }
        // Durable here before the caller hears "saved", not only when the event arrives.
        copies.keep(replacement);
        log.info("Document {} is now version {}, by {}", name, replacement.version(), updatedBy);
        return new ReplaceResult.Replaced(replacement);
    }

    /**
     * Calls {@code onChange} on this member with the current version of document {@code name}
     * (if any) and then with every newer version, in version order; an older or repeated
     * version is never delivered. Calls come from a Hazelcast event thread: keep them short.
     */
    public void listen(String name, Consumer<ClusterDocument> onChange) {
        OrderedDelivery delivery = new OrderedDelivery(name, onChange);
        map.addEntryListener(new Listener(delivery::offer), requireName(name), true);
        get(name).ifPresent(delivery::offer);
    }

    /**
     * Offers this member's best copy of document {@code name} to the cluster: its durable copy,
     * or {@code initialText} (version 0 unless its first line is a {@code # moat-document}
     * header) when that is newer. The cluster keeps the higher of what it has and the offer.
     *
     * @return the document the cluster has afterwards
     * @throws IllegalArgumentException when {@code initialText} has a malformed header
     */
    public ClusterDocument seed(String name, String initialText) {
        ClusterDocument initial = DocumentFile.parse(requireName(name), initialText, "cluster-config");
        ClusterDocument offered = copies.read(name)
                .filter(own -> own.version() >= initial.version())
                .orElse(initial);
        map.executeOnKey(name, new SeedDocumentProcessor(offered));
        ClusterDocument current = map.get(name);
        copies.keep(current);
        log.info("Document {} is at version {} (this member offered version {})", name, current.version(),
                offered.version());
        return current;
    }

    /**
     * The text a new cluster starts document {@code name} from: the bundled
     * {@code cluster-config/cluster-<name>.yaml}, if there is one.
     */
    public static Optional<String> initialText(String name) {
        String resource = "/cluster-config/cluster-" + requireName(name) + ".yaml";
        try (InputStream in = DocumentStore.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String requireName(String name) {
        if (!ClusterDocument.isValidName(name)) {
            throw new IllegalArgumentException("not a document name: " + name);
        }
        return name;
    }

    /** Hands every stored version (added, updated, merged after a split) to one consumer. */
    private static final class Listener implements EntryAddedListener<String, ClusterDocument>,
            EntryUpdatedListener<String, ClusterDocument>, EntryMergedListener<String, ClusterDocument> {

        private final Consumer<ClusterDocument> consumer;

        Listener(Consumer<ClusterDocument> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void entryAdded(EntryEvent<String, ClusterDocument> event) {
            consumer.accept(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, ClusterDocument> event) {
            consumer.accept(event.getValue());
        }

        @Override
        public void entryMerged(EntryEvent<String, ClusterDocument> event) {
            consumer.accept(event.getValue());
        }
    }

    /** Delivers versions of one document in increasing order, each at most once. */
    private static final class OrderedDelivery {
        private final String name;
        private final Consumer<ClusterDocument> onChange;
        private long delivered = -1;

        OrderedDelivery(String name, Consumer<ClusterDocument> onChange) {
            this.name = name;
            this.onChange = onChange;
        }

        synchronized void offer(ClusterDocument document) {
            if (document == null || document.version() <= delivered) {
                return;
            }
            delivered = document.version();
            try {
                onChange.accept(document);
            } catch (RuntimeException e) {
                log.error("A listener of document {} failed on version {}", name, document.version(), e);
            }
        }
    }
}
