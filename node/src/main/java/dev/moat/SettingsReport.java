package dev.moat;

import dev.moat.content.BannedList;
import dev.moat.dns.RblZone;
import dev.moat.net.NetworkAddressList;
import dev.moat.policy.AddressListKind;
import dev.moat.policy.DecisionMode;
import dev.moat.policy.NameListKind;
import dev.moat.router.RouterRecord;
import dev.moat.rules.Rule;
import dev.moat.settings.AuthUser;
import dev.moat.settings.BannedLinesSection;
import dev.moat.settings.CalloutSection;
import dev.moat.settings.DeliverySection;
import dev.moat.settings.DnsSection;
import dev.moat.settings.EffectiveSettings;
import dev.moat.settings.HostAndPort;
import dev.moat.settings.ListenerSettings;
import dev.moat.settings.ServerSettings;
import dev.moat.settings.SmtpSection;
import dev.moat.settings.SpfSettings;
import dev.moat.settings.Units;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/node/settings}: the settings this node runs, by layer, as JSON fields: the
 * server-wide value of each setting the chapter names (from the node's file), the cluster-wide
 * value applied (from the documents) where the setting has one, and what the two make
 * together where they combine (the RBL zones in the order they decide, with their health; the
 * Router's records in the order they are tried; the banned-line files by name, count and first
 * lines; Reverse Connect's section of each layer and combined; the rules by name, the file's
 * and all in the order they run; the check modes of each layer and in effect). Never a secret:
 * accounts by name only, RBL zones without their keys, no token, no cluster secret.
 */
final class SettingsReport {
    static final int EXCERPT_LINES = 200;

    private SettingsReport() {
    }

    static Map<String, Object> of(EffectiveSettings settings, List<Map<String, Object>> zonesWithHealth) {
        ServerSettings server = settings.server();
        var report = new LinkedHashMap<String, Object>();
        report.put("node", server.node().name());
        report.put("serverVersion", settings.serverVersion());
        report.put("settingsVersion", settings.clusterVersion());
        var lists = new ArrayList<Map<String, Object>>();
        for (AddressListKind kind : AddressListKind.values()) {
            lists.add(list(kind.key(), kind.title(), server.lists().get(kind), settings.cluster().lists().get(kind)));
        }
        report.put("addressLists", lists);
        var names = new ArrayList<Map<String, Object>>();
        for (NameListKind kind : NameListKind.values()) {
            var row = new LinkedHashMap<String, Object>();
            row.put("key", kind.key());
            row.put("title", kind.title());
            row.put("server", server.lists().names(kind).text());
            row.put("cluster", settings.cluster().lists().names(kind).text());
            names.add(row);
        }
        report.put("nameLists", names);
        report.put("blacklistedAction", written(server.blacklisted().action()));
        report.put("blacklistedHeader", server.blacklisted().header().toString());
        var zones = new LinkedHashMap<String, Object>();
        zones.put("server", server.rblZones().stream().map(RblZone::toString).toList());
        zones.put("cluster", settings.cluster().rblZones().stream().map(RblZone::toString).toList());
        zones.put("effective", zonesWithHealth);
        report.put("rblZones", zones);
        report.put("verifyReturnPath", server.verifyReturnPath());
        var router = new LinkedHashMap<String, Object>();
        router.put("server", server.router().records().stream().map(RouterRecord::describe).toList());
        router.put("effective", settings.router().table().records().stream().map(RouterRecord::describe).toList());
        report.put("router", router);
        var domains = new LinkedHashMap<String, Object>();
        domains.put("server", server.localDomains());
        domains.put("effective", List.copyOf(settings.localDomains()));
        report.put("localDomains", domains);
        report.put("authUsers", server.smtp().auth().users().stream().map(AuthUser::name).toList());
        report.put("smtp", smtp(server.smtp()));
        report.put("delivery", delivery(server.delivery()));
        report.put("dns", dns(server.dns()));
        var blocking = new LinkedHashMap<String, Object>();
        blocking.put("unblockingTime", Units.formatDuration(settings.cluster().temporaryBlocking().unblockingTime()));
        blocking.put("unblockableAddressesLimit", settings.cluster().temporaryBlocking().unblockableAddressesLimit());
        report.put("temporaryBlocking", blocking);
        report.put("bannedLines", banned(server.bannedLines()));
        var spf = new LinkedHashMap<String, Object>();
        spf.put("server", spf(server.spf()));
        spf.put("cluster", spf(settings.cluster().spf()));
        spf.put("effective", Map.of("spf", written(settings.spf().mode()), "spf-permerror", written(settings.spf().permerror()),
                "spf-temperror", written(settings.spf().temperror())));
        report.put("spf", spf);
        report.put("callout", callout(server.callout(), settings.cluster().callout(), settings.callout()));
        report.put("rules", rules(server.rules(), settings.rules()));
        var modes = new LinkedHashMap<String, Object>();
        modes.put("server", words(server.decisions().modes()));
        modes.put("cluster", words(settings.cluster().decisions().modes()));
        modes.put("effective", words(settings.decisionModes().modes()));
        report.put("decisionModes", modes);
        return report;
    }

    /** Reverse Connect: the file's section, the cluster document's (null when it holds none), and the two combined. */
    private static Map<String, Object> callout(CalloutSection server, java.util.Optional<CalloutSection> cluster,
            CalloutSection effective) {
        var view = new LinkedHashMap<String, Object>();
        view.put("server", callout(server));
        view.put("cluster", cluster.map(SettingsReport::callout).orElse(null));
        view.put("effective", callout(effective));
        return view;
    }

    private static Map<String, Object> callout(CalloutSection section) {
        var view = new LinkedHashMap<String, Object>();
        view.put("enabled", section.enabled());
        view.put("port", section.port());
        view.put("connect-timeout", Units.formatDuration(section.connectTimeout()));
        view.put("reply-timeout", Units.formatDuration(section.replyTimeout()));
        view.put("total-timeout", Units.formatDuration(section.totalTimeout()));
        view.put("accepted-lifetime", Units.formatDuration(section.acceptedLifetime()));
        view.put("refused-lifetime", Units.formatDuration(section.refusedLifetime()));
        view.put("max-per-domain", section.maxPerDomain());
        return view;
    }

    /** The rules by name and where each is written: the file's, then all in the order they run. */
    private static Map<String, Object> rules(List<Rule> server, List<Rule> effective) {
        var view = new LinkedHashMap<String, Object>();
        view.put("server", server.stream().map(SettingsReport::rule).toList());
        view.put("effective", effective.stream().map(SettingsReport::rule).toList());
        return view;
    }

    private static Map<String, Object> rule(Rule rule) {
        var view = new LinkedHashMap<String, Object>();
        view.put("name", rule.name());
        view.put("where", rule.where());
        view.put("conditions", rule.conditions().size());
        view.put("actions", rule.actions().size());
        return view;
    }

    private static Map<String, String> words(Map<String, DecisionMode> modes) {
        var view = new LinkedHashMap<String, String>();
        modes.forEach((key, mode) -> view.put(key, mode.word()));
        return view;
    }

    /** The server-wide banned-line files: each file's name, its line count and its first lines (a list may hold 100,000). */
    private static Map<String, Object> banned(BannedLinesSection section) {
        var view = new LinkedHashMap<String, Object>();
        int content = 0;
        for (BannedList kind : BannedList.values()) {
            var file = kind == BannedList.HEADER ? section.headerFile() : section.bodyFile();
            var row = new LinkedHashMap<String, Object>();
            row.put("title", kind.title());
            row.put("file", file.map(Object::toString).orElse(null));
            String text = file.isPresent() && content < section.contents().size() ? section.contents().get(content++) : "";
            row.put("serverLines", (kind == BannedList.HEADER ? section.lists().header() : section.lists().body()).size());
            row.put("serverExcerpt", text.lines().limit(EXCERPT_LINES).collect(Collectors.joining("\n")));
            view.put(kind.tag(), row);
        }
        return view;
    }

    /** One layer's SPF keys as written, null where the layer does not write one. */
    private static Map<String, Object> spf(SpfSettings layer) {
        var view = new LinkedHashMap<String, Object>();
        view.put("spf", layer.mode().map(SettingsReport::written).orElse(null));
        view.put("spf-permerror", layer.permerror().map(SettingsReport::written).orElse(null));
        view.put("spf-temperror", layer.temperror().map(SettingsReport::written).orElse(null));
        return view;
    }

    /** A choice as the settings write it: {@code REJECT_FAIL} is {@code reject-fail}. */
    private static String written(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Map<String, Object> list(String key, String title, NetworkAddressList server, NetworkAddressList cluster) {
        var row = new LinkedHashMap<String, Object>();
        row.put("key", key);
        row.put("title", title);
        row.put("server", server.text());
        row.put("serverEntries", server.entryCount());
        row.put("cluster", cluster.text());
        row.put("clusterEntries", cluster.entryCount());
        return row;
    }

    private static Map<String, Object> smtp(SmtpSection smtp) {
        var view = new LinkedHashMap<String, Object>();
        view.put("hostName", smtp.hostName());
        view.put("greeting", smtp.greeting());
        view.put("listeners", smtp.listeners().stream().map(SettingsReport::listener).toList());
        view.put("maxMessageSize", Units.formatSize(smtp.maxMessageSize()));
        view.put("maxRecipients", smtp.maxRecipients());
        view.put("maxConnections", smtp.maxConnections());
        view.put("maxConnectionsPerAddress", smtp.maxConnectionsPerAddress());
        view.put("maxProtocolErrors", smtp.maxProtocolErrors());
        view.put("commandTimeout", Units.formatDuration(smtp.timeouts().command()));
        view.put("dataTimeout", Units.formatDuration(smtp.timeouts().data()));
        view.put("addressStatusTimeout", Units.formatDuration(smtp.timeouts().addressStatus()));
        view.put("tls", smtp.tls().enabled());
        view.put("allowPlaintextAuth", smtp.auth().allowPlaintext());
        view.put("maxAuthFailures", smtp.auth().maxFailures());
        view.put("verificationThreads", smtp.auth().verificationThreads());
        view.put("verificationQueue", smtp.auth().verificationQueue());
        view.put("lenientLineEndings", smtp.lenientLineEndings().text());
        return view;
    }

    private static Map<String, Object> listener(ListenerSettings listener) {
        var view = new LinkedHashMap<String, Object>();
        view.put("name", listener.name());
        view.put("address", listener.address().toString());
        view.put("port", listener.port());
        view.put("kind", listener.kind().name().toLowerCase(Locale.ROOT));
        view.put("proxyProtocol", listener.proxyProtocol());
        view.put("trustedProxies", listener.trustedProxies().text());
        return view;
    }

    private static Map<String, Object> delivery(DeliverySection delivery) {
        var view = new LinkedHashMap<String, Object>();
        view.put("mode", delivery.mode().name().toLowerCase(Locale.ROOT));
        view.put("spoolDir", delivery.spoolDir().toString());
        view.put("nextHop", delivery.nextHop().map(HostAndPort::toString).orElse(null));
        view.put("relayHost", delivery.relayHost().map(HostAndPort::toString).orElse(null));
        var hops = new LinkedHashMap<String, String>();
        delivery.nextHops().forEach((name, hop) -> hops.put(name, hop.toString()));
        view.put("nextHops", hops);
        view.put("connectTimeout", Units.formatDuration(delivery.connectTimeout()));
        view.put("commandTimeout", Units.formatDuration(delivery.commandTimeout()));
        view.put("dataTimeout", Units.formatDuration(delivery.dataTimeout()));
        view.put("maxConnections", delivery.maxConnections());
        view.put("idleTimeout", Units.formatDuration(delivery.idleTimeout()));
        return view;
    }

    private static Map<String, Object> dns(DnsSection dns) {
        var view = new LinkedHashMap<String, Object>();
        view.put("servers", dns.servers().stream().map(SettingsReport::hostPort).toList());
        view.put("timeout", Units.formatDuration(dns.timeout()));
        view.put("tries", dns.tries());
        view.put("cacheSize", dns.cacheSize());
        view.put("zoneHealthInterval", Units.formatDuration(dns.zoneHealthInterval()));
        view.put("skipUnhealthyZones", dns.skipUnhealthyZones());
        return view;
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
