package dev.moat.settings;

import dev.moat.dns.RblZone;
import dev.moat.policy.BlacklistedAction;
import dev.moat.policy.BlacklistedProcessing;
import dev.moat.policy.HeaderTemplate;
import dev.moat.router.RouterTable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The server-wide settings: this node's YAML file, validated and with every default filled
 * in. {@link #parse} refuses a document with any error (an unknown key, a wrong type, a value
 * out of range, a bad address list entry) and reports them all with their lines. {@code
 * sourceHash} names the version of the text it came from, as operators see it.
 */
public record ServerSettings(NodeSection node, SmtpSection smtp, List<String> localDomains,
        AddressLists lists, BlacklistedProcessing blacklisted, DeliverySection delivery, AdminSection admin,
        ClusterSection cluster, String sourceHash, RouterTable router, DnsSection dns, List<RblZone> rblZones,
        boolean verifyReturnPath, BannedLinesSection bannedLines,
        SpfSettings spf, CalloutSection callout) {
    static final String DEFAULT_CLIENT_ADDRESSES = "127.0.0.0/8\n::1\n";

    public ServerSettings {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(smtp, "smtp");
        localDomains = List.copyOf(localDomains);
        Objects.requireNonNull(lists, "lists");
        Objects.requireNonNull(blacklisted, "blacklisted");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(sourceHash, "sourceHash");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(dns, "dns");
        rblZones = List.copyOf(rblZones);
        Objects.requireNonNull(bannedLines, "bannedLines");
        Objects.requireNonNull(spf, "spf");
        Objects.requireNonNull(callout, "callout");
    }

    /** The settings of an empty file. */
    public static ServerSettings defaults(HostFacts host) {
        return parse("", host).value();
    }

    public static SettingsResult<ServerSettings> parse(String yaml, HostFacts host) {
        ErrorList errors = new ErrorList();
        Optional<Node> root = YamlDocument.compose(yaml, errors);
        if (!errors.isEmpty()) {
            return SettingsResult.refused(errors.sorted());
        }
        MappingReader r = MappingReader.root(root, errors);
        ServerSettings settings = read(r, errors, host, yaml);
        return settings == null ? SettingsResult.refused(errors.sorted()) : SettingsResult.valid(settings);
    }

    /** Walks the model on an empty document, recording every key for {@link SettingsSchema}. */
    static void describe(SettingsSchema.Recorder recorder) {
        ErrorList ignored = new ErrorList();
        read(MappingReader.describing(recorder, ignored), ignored, new HostFacts("schema.invalid"), "");
    }

    /** The settings {@code r} holds, or null when it holds errors (they are in {@code errors}). */
    private static ServerSettings read(MappingReader r, ErrorList errors, HostFacts host, String yaml) {
        NodeSection node = r.section("node", n -> NodeSection.read(n, host));
        SmtpSection smtp = r.section("smtp", s -> SmtpSection.read(s, host));
        List<String> localDomains = localDomains(r, smtp.hostName());
        AddressLists lists = AddressLists.read(r, DEFAULT_CLIENT_ADDRESSES);
        BlacklistedProcessing blacklisted = readBlacklisted(r);
        DeliverySection delivery = r.section("delivery", d -> DeliverySection.read(d, node.dataDir(), localDomains));
        AdminSection admin = r.section("admin", a -> AdminSection.read(a, node.dataDir()));
        ClusterSection cluster = r.section("cluster", ClusterSection::read);
        RouterTable router = r.routerTable("router", "server").orElseGet(RouterTable::empty);
        DnsSection dns = r.section("dns", DnsSection::read);
        List<RblZone> rblZones = RblZones.read(r);
        boolean verifyReturnPath = r.bool("verify-return-path", false);
        BannedLinesSection bannedLines = r.section("banned-lines", BannedLinesSection::read);
        SpfSettings spf = SpfSettings.read(r);
        CalloutSection callout = r.section("callout", CalloutSection::read);
        r.finish();
        if (!errors.isEmpty()) {
            return null;
        }
        return new ServerSettings(node, smtp, localDomains, lists, blacklisted, delivery, admin, cluster,
                version(yaml, bannedLines.contents()), router, dns, rblZones, verifyReturnPath, bannedLines, spf,
                callout);
    }

    /**
     * The version of the settings: of the file's text, and of the banned-line files it names
     * when it names any, so that a change to one of them is a new version too.
     */
    static String version(String yaml, List<String> namedFiles) {
        if (namedFiles.isEmpty()) {
            return YamlDocument.version(yaml);
        }
        StringBuilder all = new StringBuilder(yaml);
        for (String content : namedFiles) {
            all.append('\0').append(content);
        }
        return YamlDocument.version(all.toString());
    }

    /** The domains written, canonical and without repeats; none means localhost and the server's own name. */
    private static List<String> localDomains(MappingReader r, String hostName) {
        Set<String> domains = new LinkedHashSet<>();
        for (MappingReader.Item item : r.texts("local-domains")) {
            Domains.canonical(item.text()).ifPresentOrElse(domains::add,
                    () -> r.error(item, "must be a domain name such as example.com"));
        }
        if (domains.isEmpty()) {
            domains.add("localhost");
            domains.add(Domains.lookupKey(hostName));
        }
        return List.copyOf(domains);
    }

    /** The chapter's "Processing Messages from Blacklisted Addresses": {@code blacklisted-action} and {@code blacklisted-header}. */
    private static BlacklistedProcessing readBlacklisted(MappingReader r) {
        BlacklistedAction action = r.choice("blacklisted-action", BlacklistedAction.REJECT);
        HeaderTemplate.Result header = HeaderTemplate.parse(
                r.text("blacklisted-header", BlacklistedProcessing.DEFAULT_HEADER).strip());
        if (header.template().isEmpty()) {
            r.error("blacklisted-header", header.error());
            return BlacklistedProcessing.defaults();
        }
        return new BlacklistedProcessing(action, header.template().get());
    }
}
