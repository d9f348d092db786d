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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide documents, one entry per document in the map {@link ClusterMaps#DOCUMENTS}.
 * A change is a compare-and-set on the version, done atomically on the entry's owner, and
 * signed with the cluster secret; every version read from the map passes {@link DocumentGate}
 * first, so {@link #get}, {@link #listen} and {@link #seed} only ever hand out versions a
 * member with the secret wrote. Every member keeps a durable copy of each version it admits,
 * and a starting member offers its best copy with {@link #seed}, so the cluster keeps the
 * highest version across full stops. Methods block on the cluster; call them off event loops.
 */
public final class DocumentStore {

    private static final Logger log = LoggerFactory.getLogger(DocumentStore.class);

    private final IMap<String, Object> map;
    private final DurableDocuments copies;
    private final DocumentGate gate;
    private final Map<String, ClusterDocument> lastAdmitted = new ConcurrentHashMap<>();
    private final Map<String, List<OrderedDelivery>> deliveries = new ConcurrentHashMap<>();

    DocumentStore(HazelcastInstance hazelcast, DurableDocuments copies, DocumentGate gate) {
        this.map = hazelcast.getMap(ClusterMaps.DOCUMENTS);
        this.copies = copies;
        this.gate = gate;
        map.addEntryListener(new Listener(), true);
        // Versions stored before this member joined produce no event here.
        for (String name : map.keySet()) {
            stored(name);
        }
    }

    /**
     * The current version of document {@code name}: the cluster's, when a member with the
     * secret wrote it, else the last such version this member saw (none if it saw none).
     */
    public Optional<ClusterDocument> get(String name) {
        Optional<ClusterDocument> stored = stored(requireName(name));
        return stored.isPresent() ? stored : Optional.ofNullable(lastAdmitted.get(name));
    }

    /**
     * Stores {@code text} as version {@code expectedVersion + 1} if the document is still at
     * {@code expectedVersion} (0 for a document never stored), else reports the conflict. A
     * stored version this member cannot verify still counts for the comparison, so an
     * administrator can replace it by naming its version.
     */
    public ReplaceResult replace(String name, long expectedVersion, String text, String updatedBy) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("negative version: " + expectedVersion);
        }
        ClusterDocument replacement = gate.signatures().sign(new ClusterDocument(
                requireName(name), expectedVersion + 1, text, updatedBy, System.currentTimeMillis()));
        ClusterDocument current = map.executeOnKey(name, new ReplaceDocumentProcessor(expectedVersion, replacement));
        if (current != null) {
            return new ReplaceResult.Conflict(gate.admit(name, current)
                    .orElse(new ClusterDocument(name, current.version(), "", "", 0)));
        }
        // Durable here before the caller hears "saved", not only when the event arrives.
        admitted(replacement);
        log.info("Document {} is now version {}, by {}", name, replacement.version(), updatedBy);
        return new ReplaceResult.Replaced(replacement);
    }

    /**
     * Calls {@code onChange} on this member with the current version of document {@code name}
     * (if any) and then with every newer version, in version order; an older or repeated
     * version, and one the gate refuses, is never delivered. Calls come from a Hazelcast event
     * thread: keep them short.
     */
    public void listen(String name, Consumer<ClusterDocument> onChange) {
        OrderedDelivery delivery = new OrderedDelivery(requireName(name), onChange);
        deliveries.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(delivery);
        get(name).ifPresent(delivery::offer);
    }

    /**
     * Offers this member's best copy of document {@code name} to the cluster (see
     * {@link DocumentSeed}) and returns the version this member should run: the cluster's
     * afterwards when it verifies, else the one offered.
     *
     * @throws IllegalArgumentException when {@code initialText} has a malformed header
     */
    public ClusterDocument seed(String name, String initialText) {
        Optional<ClusterDocument> inCluster = stored(requireName(name));
        DocumentSeed seed = DocumentSeed.choose(name, initialText, inCluster, copies, gate.signatures());
        map.executeOnKey(name, new SeedDocumentProcessor(seed.offered(), seed.supersededMac()));
        ClusterDocument current = stored(name).orElse(seed.offered());
        admitted(current);
        log.info("Document {} is at version {} (this member offered version {})", name, current.version(),
                seed.offered().version());
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

    /** The map's version of {@code name}, when the gate admits it. */
    private Optional<ClusterDocument> stored(String name) {
        Object value;
        try {
            value = map.get(name);
        } catch (RuntimeException e) {
            gate.unreadable(name, e);
            return Optional.empty();
        }
        if (value == null) {
            return Optional.empty();
        }
        Optional<ClusterDocument> admitted = gate.admit(name, value);
        admitted.ifPresent(this::admitted);
        return admitted;
    }

    /** A verified version: kept on disk, remembered, and handed to the listeners of its name. */
    private void admitted(ClusterDocument document) {
        copies.keep(document);
        lastAdmitted.merge(document.name(), document, (old, now) -> now.version() >= old.version() ? now : old);
        for (OrderedDelivery delivery : deliveries.getOrDefault(document.name(), List.of())) {
            delivery.offer(document);
        }
    }

    private static String requireName(String name) {
        if (!ClusterDocument.isValidName(name)) {
            throw new IllegalArgumentException("not a document name: " + name);
        }
        return name;
    }

    /** Hands every stored version (added, updated, merged after a split) to the gate. */
    private final class Listener implements EntryAddedListener<String, Object>,
            EntryUpdatedListener<String, Object>, EntryMergedListener<String, Object> {

        @Override
        public void entryAdded(EntryEvent<String, Object> event) {
            heard(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, Object> event) {
            heard(event);
        }

        @Override
        public void entryMerged(EntryEvent<String, Object> event) {
            heard(event);
        }

        private void heard(EntryEvent<String, Object> event) {
            String name = event.getKey();
            if (!ClusterDocument.isValidName(name)) {
                gate.unreadable(String.valueOf(name), new IllegalArgumentException("not a document name"));
                return;
            }
            try {
                gate.admit(name, event.getValue()).ifPresent(DocumentStore.this::admitted);
            } catch (RuntimeException e) {
                gate.unreadable(name, e);
            }
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
