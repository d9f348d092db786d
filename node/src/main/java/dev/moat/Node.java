package dev.moat;

import dev.moat.admin.AdminServer;
import dev.moat.cluster.ClusterMember;
import dev.moat.cluster.ClusterOptions;
import dev.moat.cluster.DocumentStore;
import dev.moat.delivery.Delivery;
import dev.moat.delivery.RelayDelivery;
import dev.moat.delivery.RelayOptions;
import dev.moat.delivery.SpoolDelivery;
import dev.moat.delivery.SpoolOptions;
import dev.moat.files.OwnerOnly;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import dev.moat.net.LocalAddresses;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.Classification;
import dev.moat.policy.SessionEvents;
import dev.moat.router.DirectoryAuthenticator;
import dev.moat.router.TemporaryClientGrant;
import dev.moat.settings.DeliveryMode;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ListenerKind;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsFileWatcher;
import dev.moat.smtp.ConnectionLimiter;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    /** How long an address stays a Temporary Client, until the temporary-blocking settings bring the UnBlocking Time. */
    static final Duration UNBLOCKING_TIME = Duration.ofMinutes(30);

    /** The node could not start; the message says why, for the operator. */
    public static final class StartupException extends Exception {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SettingsLayers layers;
    private final PrometheusMeterRegistry registry;
    private final MoatMetrics metrics;
    private final ClusterMember member;
    private final NetworkThreads threads;
    private final AtomicReference<Delivery> delivery = new AtomicReference<>();
    private final AtomicReference<SslContext> tls = new AtomicReference<>();
    private final AddressClassifier classifier;
    private final ExecutorService hashing;
    private final SmtpServer smtp;
    private final AdminServer admin;
    private final int adminPort;
    private SettingsFileWatcher watcher;

    /** Starts a node from a settings file, or on the embedded defaults when {@code file} is null. */
    public static Node start(Path file, Map<String, String> env) throws StartupException {
        var host = HostFacts.ofThisMachine();
        ServerSettings settings;
        if (file == null) {
            settings = ServerSettings.defaults(host);
        } else {
            var loaded = SettingsFileWatcher.load(file, host);
            if (!loaded.errors().isEmpty()) {
                var text = new StringBuilder("settings file " + file + " refused:");
                loaded.errors().forEach(e -> text.append("\n  ").append(e));
                throw new StartupException(text.toString(), null);
            }
            settings = loaded.value();
        }
        return start(settings, file, host, env);
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
        metrics = new MoatMetrics(registry);
        JvmMeters.bind(registry);
        layers = new SettingsLayers(settings, () -> metrics.settingsRejected("cluster"));

        var cluster = settings.cluster();
        member = ClusterMember.start(new ClusterOptions(cluster.name(), cluster.port(), cluster.members(),
                cluster.hazelcastConfig().orElse(null), settings.node().name(), settings.node().dataDir()));
        var initial = initialDocument(settings);
        layers.applyCluster(member.documents().seed(SettingsLayers.CLUSTER_DOCUMENT, initial));
        member.documents().listen(SettingsLayers.CLUSTER_DOCUMENT, doc -> {
            layers.applyCluster(doc);
            publishStatus();
        });
        layers.applyRouter(member.documents().seed(SettingsLayers.ROUTER_DOCUMENT,
                DocumentStore.initialText(SettingsLayers.ROUTER_DOCUMENT).orElse("")));
        member.documents().listen(SettingsLayers.ROUTER_DOCUMENT, doc -> {
            layers.applyRouter(doc);
            publishStatus();
        });
        layers.applyDirectory(member.documents().seed(SettingsLayers.DIRECTORY_DOCUMENT,
                DocumentStore.initialText(SettingsLayers.DIRECTORY_DOCUMENT).orElse("")));
        member.documents().listen(SettingsLayers.DIRECTORY_DOCUMENT, doc -> {
            layers.applyDirectory(doc);
            publishStatus();
        });

        threads = NetworkThreads.create();
        hashing = Executors.newFixedThreadPool(2, r -> daemon(r, "moat-auth"));
        delivery.set(newDelivery(settings));
        tls.set(newTls(settings));
        layers.onChange(this::settingsChanged);
        var events = SessionEvents.all(new LoggingEvents(),
                new TemporaryClientGrant(layers::current, member.temporaryClients(), () -> UNBLOCKING_TIME));
        var checks = Protections.assemble((context, verdict) -> {
            if (!verdict.passes()) {
                metrics.verdict(context.stage().name().toLowerCase(java.util.Locale.ROOT), verdict.check(),
                        verdict.action().name().toLowerCase(java.util.Locale.ROOT));
                log.info("session {} client {} {}: {} by {}: {}", context.sessionReference(), context.clientAddress(),
                        context.stage(), verdict.action(), verdict.check(), verdict.reason());
            }
        }, events);
        var limiter = new ConnectionLimiter();
        classifier = new AddressClassifier(LocalAddresses.ofThisMachine(), member.temporaryClients());
        var services = new SmtpServices(layers::current, classifier, () -> checks, delivery::get,
                new DirectoryAuthenticator(layers::current, hashing), events,
                metrics, tls::get, limiter);
        metrics.activeSessions(limiter::open);
        metrics.clusterMembers(member::memberCount);
        metrics.settingsVersion("cluster", SettingsLayers.CLUSTER_DOCUMENT, layers::clusterVersion);
        metrics.settingsVersion("cluster", SettingsLayers.ROUTER_DOCUMENT, layers::routerVersion);
        metrics.settingsVersion("cluster", SettingsLayers.DIRECTORY_DOCUMENT, layers::directoryVersion);

        smtp = new SmtpServer(services, threads.boss(), threads.workers(), threads.serverChannel());
        for (var listener : settings.smtp().listeners()) {
            smtp.bind(new SmtpListener(listener.name(), listener.address().toString(), listener.port(),
                    listener.kind() == ListenerKind.SMTPS, listener.kind() == ListenerKind.SUBMISSION,
                    listener.proxyProtocol(), listener.trustedProxies()));
        }

        admin = new AdminServer(AdminSetup.options(settings, env), new NodeAdminBackend(this));
        adminPort = admin.start();

        if (file != null) {
            watcher = SettingsFileWatcher.start(file, host, settings, layers::applyServer, errors -> {
                metrics.settingsRejected("server");
                log.error("settings file {} refused, the running settings stay:\n  {}", file,
                        String.join("\n  ", errors.stream().map(Object::toString).toList()));
            });
        }
        publishStatus();
        log.info("node {} ready: SMTP {} admin port {} cluster member {} of {}", settings.node().name(),
                smtp.boundAddresses(), adminPort, member.localAddress(), member.memberCount());
    }

    /** The cluster-wide document a new cluster starts from: the settings' file, else the embedded one. */
    static String initialDocument(ServerSettings settings) throws IOException {
        var path = settings.cluster().initialDocument();
        if (path.isPresent()) {
            return Files.readString(path.get(), StandardCharsets.UTF_8);
        }
        return DocumentStore.initialText(SettingsLayers.CLUSTER_DOCUMENT).orElse("");
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

    /** Keeps the hand-off and TLS in step with the settings; parts that need a restart say so. */
    private void settingsChanged(EffectiveSettings old, EffectiveSettings now) {
        var before = old.server();
        var after = now.server();
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

    private static Thread daemon(Runnable r, String name) {
        var t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ---- what the admin API and tests read ------------------------------------------------

    public EffectiveSettings settings() {
        return layers.current();
    }

    /** The status of {@code address} now (Test Address), by the classifier SMTP sessions use. */
    public Classification classify(IpAddress address) {
        return classifier.classify(address, layers.current());
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

    public boolean ready() {
        return smtp.listening() && member.isJoined();
    }

    public ClusterMember member() {
        return member;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    long clusterVersion() {
        return layers.clusterVersion();
    }

    /** The version of each cluster-wide document this node has applied. */
    Map<String, Long> documentVersions() {
        return Map.of(SettingsLayers.CLUSTER_DOCUMENT, layers.clusterVersion(),
                SettingsLayers.ROUTER_DOCUMENT, layers.routerVersion(),
                SettingsLayers.DIRECTORY_DOCUMENT, layers.directoryVersion());
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        smtp.close(Duration.ofSeconds(10));
        admin.close();
        Objects.requireNonNull(delivery.get()).close();
        hashing.shutdownNow();
        threads.close();
        member.close();
        registry.close();
    }
}
