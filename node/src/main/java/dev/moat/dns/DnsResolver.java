package dev.moat.dns;

import dev.moat.metrics.MoatMetrics;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The one asynchronous resolver of a node, on dnsjava's {@code sendAsync} (one selector thread
 * for all queries; nothing ever blocks the caller). A query goes to the given servers (an RBL
 * zone may have its own) or the default ones, each try with the options' timeout, at most the
 * options' number of times, the next try to the next server. Answers are values ({@link
 * DnsAnswer}); positive and negative answers are cached for their TTL (RFC 2308) in a bounded
 * cache that forgets the least recently used (a cached answer comes back with the seconds it has
 * left as its TTL), failures are not; two callers asking the same
 * name, type and servers while a query is out share it. Completions run on one
 * {@code moat-dns} thread: callers must not block in them. Thread-safe.
 */
public final class DnsResolver implements AutoCloseable {
    /** An answer without SOA to take a negative TTL from is kept this long. */
    static final long DEFAULT_NEGATIVE_TTL = 60;
    /** No answer is kept longer, whatever its TTL says. */
    static final long MAX_TTL = 86_400;

    private record Key(String name, int type, List<InetSocketAddress> servers) {
    }

    private record Cached(DnsAnswer answer, long expiresNanos) {
    }

    private final DnsOptions options;
    private final MoatMetrics metrics;
    private final ExecutorService completions;
    private final Map<InetSocketAddress, SimpleResolver> resolvers = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<DnsAnswer>> inFlight = new ConcurrentHashMap<>();
    private final LinkedHashMap<Key, Cached> cache;

    public DnsResolver(DnsOptions options, MoatMetrics metrics) {
        this.options = options;
        this.metrics = metrics;
        this.completions = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "moat-dns");
            t.setDaemon(true);
            return t;
        });
        int capacity = options.cacheSize();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The system's DNS servers ({@code resolv.conf}), else the local one on port 53. */
    public static List<InetSocketAddress> systemServers() {
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        return servers.isEmpty() ? List.of(new InetSocketAddress("127.0.0.1", 53)) : servers;
    }

    public DnsOptions options() {
        return options;
    }

    /** The meters of the node, for the checks built on this resolver. */
    MoatMetrics metrics() {
        return metrics;
    }

    /** Asks the default servers. */
    public CompletionStage<DnsAnswer> query(Name name, int type) {
        return query(name, type, options.servers());
    }

    /** Asks {@code servers} in turn (the default ones when empty). Never completes exceptionally. */
    public CompletionStage<DnsAnswer> query(Name name, int type, List<InetSocketAddress> servers) {
        Key key = new Key(name.toString().toLowerCase(java.util.Locale.ROOT), type,
                servers.isEmpty() ? options.servers() : List.copyOf(servers));
        DnsAnswer cached = cached(key);
        if (cached != null) {
            metrics.dnsCache(true);
            return CompletableFuture.completedFuture(cached);
        }
        metrics.dnsCache(false);
        CompletableFuture<DnsAnswer> mine = new CompletableFuture<>();
        CompletableFuture<DnsAnswer> shared = inFlight.putIfAbsent(key, mine);
        if (shared != null) {
            return shared;
        }
        long started = System.nanoTime();
        send(key, name, 0).whenComplete((answer, failure) -> {
            DnsAnswer result = failure == null ? answer : new DnsAnswer.ServerFailure(failure.toString());
            metrics.dnsQuery(Type.string(type), result.outcome(), Duration.ofNanos(System.nanoTime() - started));
            keep(key, result);
            inFlight.remove(key, mine);
            mine.complete(result);
        });
        return mine;
    }

    private CompletionStage<DnsAnswer> send(Key key, Name name, int attempt) {
        InetSocketAddress server = key.servers().get(attempt % key.servers().size());
        Message query = Message.newQuery(Record.newRecord(name, key.type(), DClass.IN));
        // dnsjava checks its own timeouts about once a second; this try ends at its timeout exactly.
        CompletableFuture<Message> attemptDone = new CompletableFuture<>();
        resolver(server).sendAsync(query, completions).whenComplete((reply, failure) -> {
            if (failure == null) {
                attemptDone.complete(reply);
            } else {
                attemptDone.completeExceptionally(failure);
            }
        });
        return attemptDone.orTimeout(options.timeout().toNanos(), TimeUnit.NANOSECONDS)
                .handleAsync((reply, failure) -> failure == null ? read(reply, key.type()) : failed(failure), completions)
                .thenCompose(answer -> answer instanceof DnsAnswer.Timeout && attempt + 1 < options.tries()
                        ? send(key, name, attempt + 1)
                        : CompletableFuture.completedFuture(answer));
    }

    private SimpleResolver resolver(InetSocketAddress server) {
        return resolvers.computeIfAbsent(server, address -> {
            SimpleResolver resolver = new SimpleResolver(address);
            resolver.setTimeout(options.timeout().plusSeconds(2));
            return resolver;
        });
    }

    private static DnsAnswer failed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
            return new DnsAnswer.Timeout();
        }
        return new DnsAnswer.ServerFailure(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    /** The answer of a reply to a query for {@code type}. */
    static DnsAnswer read(Message reply, int type) {
        int rcode = reply.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new DnsAnswer.NoSuchName(negativeTtl(reply));
        }
        if (rcode != Rcode.NOERROR || reply.getHeader().getFlag(Flags.TC)) {
            return new DnsAnswer.ServerFailure(rcode != Rcode.NOERROR ? Rcode.string(rcode) : "truncated");
        }
        List<Record> records = new ArrayList<>();
        long ttl = MAX_TTL;
        for (Record record : reply.getSection(Section.ANSWER)) {
            if (record.getType() == type) {
                records.add(record);
                ttl = Math.min(ttl, record.getTTL());
            }
        }
        return records.isEmpty() ? new DnsAnswer.NoData(negativeTtl(reply)) : new DnsAnswer.Records(records, ttl);
    }

    /** RFC 2308 section 5: the lower of the SOA's own TTL and its minimum field. */
    private static long negativeTtl(Message reply) {
        for (Record record : reply.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                return Math.min(MAX_TTL, Math.min(soa.getTTL(), soa.getMinimum()));
            }
        }
        return DEFAULT_NEGATIVE_TTL;
    }

    private DnsAnswer cached(Key key) {
        synchronized (cache) {
            Cached entry = cache.get(key);
            if (entry == null) {
                return null;
            }
            long left = entry.expiresNanos() - System.nanoTime();
            if (left <= 0) {
                cache.remove(key);
                return null;
            }
            return entry.answer().withTtlSeconds(TimeUnit.NANOSECONDS.toSeconds(left));
        }
    }

    private void keep(Key key, DnsAnswer answer) {
        if (answer.ttlSeconds() <= 0 || options.cacheSize() == 0) {
            return;
        }
        long expires = System.nanoTime() + Duration.ofSeconds(Math.min(answer.ttlSeconds(), MAX_TTL)).toNanos();
        synchronized (cache) {
            cache.put(key, new Cached(answer, expires));
        }
    }

    @Override
    public void close() {
        completions.shutdownNow();
    }
}
