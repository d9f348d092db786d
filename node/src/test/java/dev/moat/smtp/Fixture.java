package dev.moat.smtp;

import dev.moat.Protections;
import dev.moat.accounts.DirectoryAuthenticator;
import dev.moat.accounts.VerificationPool;
import dev.moat.delivery.NextHopCheck;
import dev.moat.delivery.NextHops;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.AddressSet;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.Authenticator;
import dev.moat.policy.Check;
import dev.moat.policy.CheckRunner;
import dev.moat.policy.LineCheck;
import dev.moat.policy.Login;
import dev.moat.policy.Stage;
import dev.moat.policy.VerdictListener;
import dev.moat.router.RelayCheck;
import dev.moat.router.RouterTable;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.Directory;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** Builds the services of SMTP sessions for tests from a settings document, with the node's checks. */
final class Fixture {
    static final String HOST = "mx.moat.test";

    final RecordingDelivery delivery = new RecordingDelivery();
    final RecordingEvents events = new RecordingEvents();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicReference<CheckRunner> checks = new AtomicReference<>();
    final AtomicReference<SslContext> tls = new AtomicReference<>();
    final ConnectionLimiter limiter = new ConnectionLimiter();
    final EffectiveSettings settings;
    /** This node's own addresses, for the Local prefix: none unless a test says. */
    AddressSet localAddresses = AddressSet.empty();
    /** The classifier of the sessions: by default one on the local addresses that asks no lookup. */
    AddressClassifier classifier;
    Authenticator authenticator = (user, password, client) ->
            java.util.concurrent.CompletableFuture.completedFuture(
                    user.equals("alice") && new String(password).equals("secret") ? Login.succeeded("alice") : Login.failed());

    Fixture(String yaml) {
        this(yaml, "");
    }

    /** Settings from {@code yaml}, with the cluster-wide directory {@code directoryYaml}. */
    Fixture(String yaml, String directoryYaml) {
        var parsed = ServerSettings.parse(yaml, new HostFacts(HOST));
        if (!parsed.errors().isEmpty()) {
            throw new IllegalArgumentException("bad test settings: " + parsed.errors());
        }
        var directory = Directory.parse(directoryYaml);
        if (!directory.ok()) {
            throw new IllegalArgumentException("bad test directory: " + directory.errors());
        }
        settings = EffectiveSettings.build(parsed.value(), ClusterSettings.empty(), 0, RouterTable.empty(),
                directory.value());
        checks.set(new Protections(VerdictListener.NONE, events).assemble(settings));
    }

    Fixture() {
        this("local-domains: [moat.test]\n");
    }

    /** The node's own checks of every stage, as {@code Protections} assembles them, the DNS ones asking {@code resolver}. */
    Fixture withNodeChecks(dev.moat.dns.DnsResolver resolver) {
        checks.set(new Protections(VerdictListener.NONE, events, resolver).assemble(settings));
        return this;
    }

    Fixture withChecks(Stage stage, Check... list) {
        var rcpt = stage == Stage.RCPT ? List.of(list) : relaying();
        checks.set(new CheckRunner(stage == Stage.RCPT ? Map.of(stage, rcpt) : Map.of(stage, List.of(list),
                Stage.RCPT, rcpt), VerdictListener.NONE));
        return this;
    }

    /** Only these line checks watch messages, and only these checks run at their stages (with relaying). */
    Fixture withLineChecks(Map<Stage, List<Check>> stages, LineCheck... lines) {
        var all = new HashMap<>(stages);
        all.putIfAbsent(Stage.RCPT, relaying());
        checks.set(new CheckRunner(all, List.of(lines), VerdictListener.NONE));
        return this;
    }

    /** The node's relay decision and next-hop choice, the RCPT checks every test keeps. */
    private List<Check> relaying() {
        return List.of(new RelayCheck(settings.directory()::mayRelay), new NextHopCheck(NextHops.of(settings)));
    }

    SmtpServices services() {
        return new SmtpServices(() -> new SessionSnapshot(settings, checks.get(),
                        classifier != null ? classifier : new AddressClassifier(localAddresses)),
                () -> delivery,
                (user, password, client) -> authenticator.authenticate(user, password, client),
                events, new MoatMetrics(registry), tls::get, limiter);
    }

    /**
     * Logins checked by a real {@link DirectoryAuthenticator} on {@code pool}; the dialogue
     * waits for each verification, so its answer comes on the test's thread.
     */
    Fixture withDirectoryLogins(VerificationPool pool) {
        var real = new DirectoryAuthenticator(() -> settings, pool);
        authenticator = (user, password, client) ->
                CompletableFuture.completedFuture(real.authenticate(user, password, client).toCompletableFuture().join());
        return this;
    }

    Dialogue connect(String client) {
        return new Dialogue(services(), new SmtpListener("smtp", "127.0.0.1", 0, false, false), client);
    }

    Dialogue connect(String client, SmtpListener listener) {
        return new Dialogue(services(), listener, client);
    }

    /** A connection from {@code peer}, which may be a proxy, through the listener's whole pipeline. */
    Dialogue connectFrom(String peer, SmtpListener listener) {
        return Dialogue.from(peer, services(), listener);
    }

    /** How often {@code moat.smtp.proxy} counted this outcome. */
    double proxyOutcomes(String outcome) {
        var counter = registry.find(MoatMetrics.PROXY).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
