package dev.moat;

import dev.moat.accounts.DirectoryAuthenticator;
import dev.moat.accounts.TemporaryClientGrant;
import dev.moat.accounts.VerificationPool;
import dev.moat.callout.Callouts;
import dev.moat.admin.AdminServer;
import dev.moat.blocking.TemporaryBlocking;
import dev.moat.blocking.Prefixes;
import dev.moat.blocking.TemporaryList;
import dev.moat.console.Console;
import dev.moat.cluster.ClusterMaps;
import dev.moat.cluster.ClusterMember;
import dev.moat.cluster.ClusterSetup;
import dev.moat.cluster.DocumentStore;
import dev.moat.delivery.CalloutClient;
import dev.moat.delivery.Delivery;
import dev.moat.delivery.RelayDelivery;
import dev.moat.delivery.RelayOptions;
import dev.moat.delivery.SpoolDelivery;
import dev.moat.delivery.SpoolOptions;
import dev.moat.dns.DnsBlacklists;
import dev.moat.dns.DnsOptions;
import dev.moat.dns.DnsResolver;
import dev.moat.dns.MailHostAddresses;
import dev.moat.dns.ReverseNameLookup;
import dev.moat.dns.ZoneHealth;
import dev.moat.files.OwnerOnly;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.AddressSet;
import dev.moat.net.IpAddress;
import dev.moat.net.LocalAddresses;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.Classification;
import dev.moat.policy.DecisionLog;
import dev.moat.policy.DecisionRecords;
import dev.moat.policy.SessionReferences;
import dev.moat.policy.TemporaryEntries;
import dev.moat.policy.RblAnswers;
import dev.moat.policy.ReverseNames;
import dev.moat.policy.SessionEvents;
import dev.moat.rules.ProgramRunner;
import dev.moat.settings.ClusterDocumentKind;
import dev.moat.settings.ClusterDocuments;
import dev.moat.settings.DeliveryMode;
import dev.moat.settings.DnsSection;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ListenerKind;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsFileWatcher;
import dev.moat.smtp.ConnectionLimiter;
import dev.moat.smtp.SessionSnapshot;
import dev.moat.smtp.SmtpListener;
import dev.moat.smtp.SmtpServer;
import dev.moat.smtp.SmtpServices;
import dev.moat.smtp.TlsContexts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Moat node: it reads its server-wide settings, joins its cluster and takes the
 * cluster-wide document, then opens its SMTP listeners and the admin HTTP port. This class
 * only wires the parts through their constructors and keeps them current when either
 * settings layer changes; {@link #close()} stops them in the order that loses nothing.
 */
public final class Node implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Node.class);

    /** The node could not start; the message says why, for the operator. */
    public static final class StartupException extends Exception {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SettingsLayers layers;
    private final PrometheusMeterRegistry registry;
    private final io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gcMeters;
    private final MoatMetrics metrics;
    private final ClusterMember member;
    private final NetworkThreads threads;
    private final AtomicReference<Delivery> delivery = new AtomicReference<>();
    private final AtomicReference<SslContext> tls = new AtomicReference<>();
    private final AtomicReference<SessionSnapshot> snapshot = new AtomicReference<>();
    private final Protections protections;
    private final HostFacts host;
    private final DecisionRecords records;
    private final ClusterDecisions decisions;
    private final AddressSet localAddresses;
    private final TemporaryBlocking blocking;
    private final DnsResolver resolver;
    private final ZoneHealth zoneHealth;
    private final ReverseNames reverseNames;
    private final VerificationPool verification;
    private final ProgramRunner programs;
    private final SmtpServer smtp;
    private final AdminServer admin;
    private final int adminPort;
    private SettingsFileWatcher watcher;
    private volatile boolean stopping;
    private volatile boolean safeOnce;

    /** Starts a node from a settings file, or on the embedded defaults when {@code file} is null. */
    public static Node start(Path file, Map<String, String> env) throws StartupException {
        var host = HostFacts.ofThisMachine();
        var loaded = SettingsFileWatcher.loadOrDefaults(file, host);
        if (!loaded.ok()) {
            throw new StartupException(loaded.refusal("settings file " + file), null);
        }
        return start(loaded.value(), file, host, env);
    }

    /** Starts a node on the given settings; a non-null {@code file} is watched for changes. */
    public static Node start(ServerSettings settings, Path file, HostFacts host, Map<String, String> env)
            throws StartupException {
        try {
            return new Node(settings, file, host, env);
        } catch (IOException | RuntimeException | InterruptedException e) {
            throw new StartupException("cannot start the node: " + e, e);
        }
    }

    private Node(ServerSettings settings, Path file, HostFacts host, Map<String, String> env)
            throws IOException, InterruptedException, StartupException {
        OwnerOnly.createFolders(settings.node().dataDir());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        gcMeters = JvmMeters.bind(registry);
        metrics = new MoatMetrics(registry);
        layers = new SettingsLayers(settings, () -> metrics.settingsRejected("cluster"));
        this.host = host;

        member = ClusterMember.start(ClusterSetup.options(settings, env), new ClusterEventMeters(metrics));
        for (var kind : ClusterDocuments.ALL) {
            layers.apply(kind, member.documents().seed(kind.name(), initialText(kind, settings)));
            member.documents().listen(kind.name(), doc -> {
                if (layers.apply(kind, doc).isEmpty()) {
                    metrics.settingsApplied("cluster");
                }
                publishStatus();
            });
        }

        threads = NetworkThreads.create();
        verification = new VerificationPool(() -> {
            var auth = layers.current().server().smtp().auth();
            return new VerificationPool.Bounds(auth.verificationThreads(), auth.verificationQueue());
        });
        delivery.set(newDelivery(settings));
        tls.set(newTls(settings));
        localAddresses = LocalAddresses.ofThisMachine();
        var kept = settings.decisions();
        records = new DecisionRecords(settings.node().name(), kept.records(), kept.ringSize(), kept.sessionRingSize());
        var references = new SessionReferences(member.claimReferenceTag(settings.node().name(), SessionReferences.TAGS));
        blocking = new TemporaryBlocking(new TemporaryBlocking.Setup(layers::current, () -> member.memberCount() > 1,
                localAddresses, settings.node().name(), Clock.systemUTC()), member.blocking(), metrics, records,
                references::next);
        var events = SessionEvents.all(new LoggingEvents(),
                new TemporaryClientGrant(layers::current, member.temporaryClients(), () -> member.memberCount() > 1),
                blocking);
        resolver = new DnsResolver(dnsOptions(settings.dns()), metrics);
        programs = new ProgramRunner(() -> layers.current().server().rulePrograms(), metrics);
        var callouts = new Callouts(new CalloutClient(threads.workers()), new MailHostAddresses(resolver),
                member.calloutResults(), metrics);
        protections = new Protections(new DecisionLog(metrics, records), events, resolver,
                list -> metrics.bannedLineMatched(list.tag()), callouts, programs, metrics);
        zoneHealth = new ZoneHealth(resolver, metrics, settings.dns().zoneHealthInterval());
        reverseNames = new ReverseNameLookup(resolver);
        snapshot.set(snapshotOf(layers.current()));
        layers.onChange(this::settingsChanged);
        decisions = new ClusterDecisions(this, new ImpactPreview(localAddresses, member.temporaryClients(),
                threads.workers()));
        member.serveQueries(decisions);
        var limiter = new ConnectionLimiter();
        var services = new SmtpServices(snapshot::get, delivery::get,
                new DirectoryAuthenticator(layers::current, verification), events,
                metrics, tls::get, limiter, references);
        metrics.activeSessions(limiter::open);
        metrics.loginsPending(verification::pending);
        metrics.clusterMembers(member::memberCount);
        metrics.temporaryClients(member.temporaryClients()::size);
        metrics.buildInfo(Objects.requireNonNullElse(Node.class.getPackage().getImplementationVersion(), "development"));
        metrics.handOffPool(() -> delivery.get().state().inUse(), () -> delivery.get().state().idle(),
                () -> delivery.get().state().waiting());
        metrics.spoolBacklog(() -> delivery.get().state().spoolFiles(), () -> delivery.get().state().oldestSpoolSeconds());
        metrics.clusterHealth(member::isClusterSafe, member::isLocalMemberSafe, member::migrating);
        for (var map : ClusterMaps.ALL) {
            metrics.mapEntries(map, () -> member.mapEntries(map));
        }
        for (var kind : ClusterDocuments.ALL) {
            metrics.settingsVersion("cluster", kind.name(), () -> layers.version(kind.name()));
        }

        smtp = new SmtpServer(services, threads.boss(), threads.workers(), threads.serverChannel());
        member.blocking().onAdded((list, key) -> {
            if (list == TemporaryList.BLOCKED) {
                smtp.endSessionsOf(Prefixes.matcher(key));
            }
        });
        for (var list : TemporaryList.values()) {
            metrics.blockingEntries(list.key(), () -> member.blocking().size(list));
        }
        for (var listener : settings.smtp().listeners()) {
            smtp.bind(new SmtpListener(listener.name(), listener.address().toString(), listener.port(),
                    listener.kind() == ListenerKind.SMTPS, listener.kind() == ListenerKind.SUBMISSION,
                    listener.proxyProtocol(), listener.trustedProxies()));
        }

        admin = new AdminServer(AdminSetup.options(settings, env), new NodeAdminBackend(this), Console.factory());
        adminPort = admin.start();

        var certificates = new CertificateWatch(() -> certificateFiles(layers.current().server()));
        threads.workers().scheduleWithFixedDelay(() -> reloadTlsIfRenewed(certificates), 5, 5, TimeUnit.SECONDS);

        if (file != null) {
            watcher = SettingsFileWatcher.start(file, host, settings, next -> {
                layers.applyServer(next);
                metrics.settingsApplied("server");
            }, errors -> {
                metrics.settingsRejected("server");
                log.error("settings file {} refused, the running settings stay:\n  {}", file,
                        String.join("\n  ", errors.stream().map(Object::toString).toList()));
            });
        }
        publishStatus();
        log.info("node {} ready: SMTP {} admin port {} cluster member {} of {}", settings.node().name(),
                smtp.boundAddresses(), adminPort, member.localAddress(), member.memberCount());
    }

    /** The cluster-wide {@code settings} document a new cluster starts from: the settings' file, else the embedded one. */
    static String initialDocument(ServerSettings settings) throws IOException {
        return initialText(ClusterDocuments.SETTINGS, settings);
    }

    /**
     * The text a new cluster starts a document from: for {@code settings}, the file that
     * {@code cluster.initial-document} names, if any; else the copy in {@code cluster-config/}.
     */
    private static String initialText(ClusterDocumentKind<?> kind, ServerSettings settings) throws IOException {
        var path = settings.cluster().initialDocument();
        if (kind == ClusterDocuments.SETTINGS && path.isPresent()) {
            return Files.readString(path.get(), StandardCharsets.UTF_8);
        }
        return DocumentStore.initialText(kind.name()).orElse("");
    }

    private Delivery newDelivery(ServerSettings settings) {
        var d = settings.delivery();
        if (d.mode() == DeliveryMode.RELAY) {
            var hop = d.nextHop().orElseThrow();
            return new RelayDelivery(new RelayOptions(hop.host(), hop.port(), settings.smtp().hostName(),
                    d.connectTimeout(), d.commandTimeout(), d.dataTimeout(), d.maxConnections(), d.idleTimeout()),
                    threads.workers());
        }
        return new SpoolDelivery(new SpoolOptions(d.spoolDir()));
    }

    private static SslContext newTls(ServerSettings settings) throws SSLException {
        var t = settings.smtp().tls();
        if (!t.enabled()) {
            return null;
        }
        if (t.certificate().isPresent()) {
            return TlsContexts.fromFiles(t.certificate().get().toString(), t.privateKey().orElseThrow().toString());
        }
        return TlsContexts.selfSigned(settings.smtp().hostName());
    }

    private static List<Path> certificateFiles(ServerSettings settings) {
        var t = settings.smtp().tls();
        return t.enabled() && t.certificate().isPresent()
                ? List.of(t.certificate().get(), t.privateKey().orElseThrow()) : List.of();
    }

    /** A renewed certificate (new content in the same files) is used for the next TLS handshakes. */
    private void reloadTlsIfRenewed(CertificateWatch certificates) {
        if (!certificates.changed()) {
            return;
        }
        try {
            tls.set(newTls(layers.current().server()));
            log.info("SMTP TLS certificate files changed: the new certificate is in use");
        } catch (SSLException | RuntimeException e) {
            log.error("the changed SMTP TLS certificate files cannot be used, keeping the old certificate: {}", e.toString());
        }
    }

    /** A settings snapshot with the checks and the classifier made from it: what new sessions run on. */
    private SessionSnapshot snapshotOf(EffectiveSettings settings) {
        var zones = settings.rblZones();
        RblAnswers rbl = zones.isEmpty() ? RblAnswers.NONE
                : new DnsBlacklists(resolver, zones, zoneHealth, settings.server().dns().skipUnhealthyZones(), metrics);
        var classifier = new AddressClassifier(localAddresses, member.temporaryClients(), blocking, reverseNames, rbl);
        return new SessionSnapshot(settings, protections.assemble(settings), classifier);
    }

    /** The resolver's options: the settings' servers, else the system's ({@code resolv.conf}). */
    static DnsOptions dnsOptions(DnsSection dns) {
        var servers = dns.servers().isEmpty() ? DnsResolver.systemServers() : dns.servers();
        return new DnsOptions(servers, dns.timeout(), dns.tries(), dns.cacheSize());
    }

    /** Keeps the checks, the hand-off and TLS in step with the settings; parts that need a restart say so. */
    private void settingsChanged(EffectiveSettings old, EffectiveSettings now) {
        snapshot.set(snapshotOf(now));
        var before = old.server();
        var after = now.server();
        records.configure(after.decisions().records(), after.decisions().ringSize(), after.decisions().sessionRingSize());
        if (!before.delivery().equals(after.delivery()) || !before.smtp().hostName().equals(after.smtp().hostName())) {
            var previous = delivery.getAndSet(newDelivery(after));
            // Transactions already under way finish on the old hand-off; close it once they can have.
            var grace = after.delivery().dataTimeout().plus(after.delivery().commandTimeout());
            threads.workers().schedule(previous::close, grace.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!before.smtp().tls().equals(after.smtp().tls())) {
            try {
                tls.set(newTls(after));
            } catch (SSLException e) {
                log.error("new TLS settings cannot be used, keeping the old certificate: {}", e.toString());
            }
        }
        if (!before.smtp().listeners().equals(after.smtp().listeners()) || !before.admin().equals(after.admin())
                || !before.cluster().equals(after.cluster()) || !before.node().equals(after.node())) {
            log.warn("listeners, admin, cluster and node settings take effect at the next restart");
        }
        publishStatus();
    }

    private void publishStatus() {
        metrics.serverSettingsVersion(layers.current().serverVersion());
        try {
            member.statusBoard().publish(layers.current().serverVersion(),
                    documentVersions());
        } catch (RuntimeException e) {
            log.debug("cannot publish member status: {}", e.toString());
        }
    }

    // ---- what the admin API and tests read ------------------------------------------------

    public EffectiveSettings settings() {
        return layers.current();
    }

    /**
     * The status of {@code address} now (Test Address), by the classifier SMTP sessions use,
     * with the same deadline for its lookups.
     */
    public CompletionStage<Classification> classify(IpAddress address) {
        var current = snapshot.get();
        var settings = current.settings();
        return current.classifier().classify(address, settings, settings.server().smtp().timeouts().addressStatus(),
                threads.workers());
    }

    /**
     * The RBL zones of the running settings in the order they decide, each with its health:
     * {@code zone}, {@code allowList}, {@code healthy}, and {@code problem} when it is not.
     */
    public List<Map<String, Object>> rblZones() {
        var zones = new ArrayList<Map<String, Object>>();
        for (var zone : layers.current().rblZones()) {
            var view = new LinkedHashMap<String, Object>();
            view.put("zone", zone.zone());
            view.put("allowList", zone.allowList());
            String problem = zoneHealth.problem(zone);
            view.put("healthy", problem.isEmpty());
            view.put("problem", problem.isEmpty() ? null : problem);
            zones.add(view);
        }
        return zones;
    }

    /** The cluster-wide questions about decisions, asked from this node. */
    ClusterDecisions decisions() {
        return decisions;
    }

    /** The snapshot this node would run with {@code text} as the next version of {@code kind}, or its errors. */
    dev.moat.settings.SettingsResult<EffectiveSettings> previewSettings(ClusterDocumentKind<?> kind, String text) {
        return layers.preview(kind, text);
    }

    /** The snapshot this node would run with {@code text} as its settings file, or the errors that would refuse it. */
    dev.moat.settings.SettingsResult<EffectiveSettings> previewSettingsFile(String text) {
        var parsed = ServerSettings.parse(text, host);
        return parsed.ok() ? dev.moat.settings.SettingsResult.valid(layers.previewServer(parsed.value()))
                : dev.moat.settings.SettingsResult.refused(parsed.errors());
    }

    /** The temporary block, unblockable and debug entries of an address, from this member's replicas. */
    TemporaryEntries temporaryEntries() {
        return blocking;
    }

    /** This node's decision records and remembered sessions. */
    public DecisionRecords decisionRecords() {
        return records;
    }

    public List<InetSocketAddress> smtpAddresses() {
        return smtp.boundAddresses();
    }

    /** Where the SMTP listener of that name listens. */
    public InetSocketAddress smtpAddress(String listenerName) {
        return smtp.boundAddress(listenerName).orElseThrow();
    }

    public int adminPort() {
        return adminPort;
    }

    /** Every route of this node's admin API. */
    public List<AdminServer.Endpoint> adminEndpoints() {
        return admin.endpoints();
    }

    /**
     * Ready: not stopping, the SMTP listeners listen, the member has joined, and it has been
     * safe (its partitions backed up) at least once since it started, so a rolling update does
     * not stop the next node while data has one copy. Once safe it stays ready when another
     * member leaves: that is when the others are needed most.
     */
    public boolean ready() {
        if (!safeOnce && member.isJoined() && member.isLocalMemberSafe()) {
            safeOnce = true;
        }
        return !stopping && smtp.listening() && member.isJoined() && safeOnce;
    }

    /** Why {@link #ready()} says what it says about stopping and the partitions. */
    String readinessDetail() {
        return stopping ? "stopping" : safeOnce ? "safe once since start" : "waiting for its partitions to be backed up";
    }

    public ClusterMember member() {
        return member;
    }

    /** Temporary blocking: the lists, the rules in effect, the never-blocked kinds. */
    public TemporaryBlocking blocking() {
        return blocking;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The password verification pool, for tests that check its bound under a flood. */
    VerificationPool verificationPool() {
        return verification;
    }

    long clusterVersion() {
        return layers.clusterVersion();
    }

    /** The version of each cluster-wide document this node has applied. */
    Map<String, Long> documentVersions() {
        return layers.versions();
    }

    @Override
    public void close() {
        // Readiness answers 503 from now on, while SMTP drains and the admin port still serves.
        stopping = true;
        if (watcher != null) {
            watcher.close();
        }
        smtp.close(layers.current().server().smtp().timeouts().drain());
        admin.close();
        Objects.requireNonNull(delivery.get()).close();
        verification.close();
        programs.close();
        zoneHealth.close();
        resolver.close();
        threads.close();
        member.close();
        gcMeters.close();
        registry.close();
    }
}
