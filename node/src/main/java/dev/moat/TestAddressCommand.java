package dev.moat;

import dev.moat.dns.DnsBlacklists;
import dev.moat.dns.DnsResolver;
import dev.moat.dns.ReverseNameLookup;
import dev.moat.dns.ZoneHealth;
import dev.moat.metrics.MoatMetrics;
import dev.moat.net.IpAddress;
import dev.moat.net.LocalAddresses;
import dev.moat.policy.AddressClassifier;
import dev.moat.policy.Classification;
import dev.moat.policy.RblAnswers;
import dev.moat.policy.TemporaryBlocks;
import dev.moat.policy.TemporaryClients;
import dev.moat.settings.ClusterSettings;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostFacts;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SettingsError;
import dev.moat.settings.SettingsFileWatcher;
import dev.moat.settings.SettingsResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code test-address ADDRESS [--config FILE]}: the chapter's Test Address without a running
 * node. It parses the settings file and the cluster-wide document a new cluster starts from
 * ({@code cluster.initial-document}, else the embedded one), classifies the address as a node
 * would, and prints the Test Address line, then the reason. A running cluster may have a newer
 * cluster-wide document: ask a node ({@code GET /api/v1/address-status/ADDRESS}) for that.
 * Exit code 0; 2 with a message for an address that is not one, or refused settings.
 */
@Command(name = "test-address", mixinStandardHelpOptions = true,
        description = "Prints the status of an address (Test Address) from the settings file and the initial "
                + "cluster-wide document, without starting a node.")
final class TestAddressCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ADDRESS", description = "an IPv4 or IPv6 address, such as 192.0.2.7 or 2001:db8::7")
    private String address;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML settings file (default: the one given to moat-node, $MOAT_CONFIG, else the embedded defaults)")
    private Path config;

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        IpAddress ip;
        try {
            ip = IpAddress.parse(address.strip());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; give one IP address such as 192.0.2.7 or 2001:db8::7");
            return 2;
        }
        Path file = config != null ? config : main.configFile();
        HostFacts host = HostFacts.ofThisMachine();
        SettingsResult<ServerSettings> server = SettingsFileWatcher.loadOrDefaults(file, host);
        if (!server.ok()) {
            return refused(err, "settings file " + file, server.errors());
        }
        String initial;
        try {
            initial = Node.initialDocument(server.value());
        } catch (IOException e) {
            err.println("cannot read the initial cluster-wide document: " + e);
            return 2;
        }
        SettingsResult<ClusterSettings> cluster = ClusterSettings.parse(initial);
        if (!cluster.ok()) {
            return refused(err, "initial cluster-wide document", cluster.errors());
        }
        EffectiveSettings settings = EffectiveSettings.build(server.value(), cluster.value(), 0);
        Classification classification = classify(ip, settings);
        out.println(classification.line(ip));
        out.println("reason: " + classification.reason().describe());
        if (classification.debug()) {
            out.println("debug: its sessions are logged command by command on moat.smtp.debug");
        }
        out.flush();
        return 0;
    }

    /** The status by the classifier a node uses, asking its RBL zones, with the node's deadline for lookups. */
    private static Classification classify(IpAddress ip, EffectiveSettings settings) {
        var metrics = new MoatMetrics(new SimpleMeterRegistry());
        var dns = settings.server().dns();
        try (var resolver = new DnsResolver(Node.dnsOptions(dns), metrics);
                var health = new ZoneHealth(resolver, metrics, dns.zoneHealthInterval())) {
            RblAnswers rbl = settings.rblZones().isEmpty() ? RblAnswers.NONE
                    : new DnsBlacklists(resolver, settings.rblZones(), health, false, metrics);
            var timer = Executors.newSingleThreadScheduledExecutor(r -> {
                var t = new Thread(r, "moat-test-address");
                t.setDaemon(true);
                return t;
            });
            try {
                return new AddressClassifier(LocalAddresses.ofThisMachine(), TemporaryClients.NONE,
                        TemporaryBlocks.NONE, new ReverseNameLookup(resolver), rbl)
                        .classify(ip, settings, settings.server().smtp().timeouts().addressStatus(), timer)
                        .toCompletableFuture().join();
            } finally {
                timer.shutdownNow();
            }
        }
    }

    private static int refused(PrintWriter err, String what, List<SettingsError> errors) {
        err.println(what + " refused:");
        errors.forEach(e -> err.println("  " + e));
        err.flush();
        return 2;
    }
}
