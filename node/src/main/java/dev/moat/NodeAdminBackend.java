package dev.moat;

import dev.moat.admin.AdminBackend;
import dev.moat.blocking.TemporaryBlocking;
import dev.moat.admin.DocumentValidator;
import dev.moat.admin.Readiness;
import dev.moat.admin.ValidationError;
import dev.moat.cluster.ClusterDocument;
import dev.moat.cluster.DocumentStore;
import dev.moat.cluster.MemberStatus;
import dev.moat.cluster.ReplaceResult;
import dev.moat.delivery.NextHops;
import dev.moat.mail.Route;
import dev.moat.net.IpAddress;
import dev.moat.policy.Classification;
import dev.moat.settings.ClusterDocumentKind;
import dev.moat.settings.ClusterDocuments;
import dev.moat.settings.Directory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** What the admin API asks of the node, answered from the node's parts. */
final class NodeAdminBackend implements AdminBackend {
    private final Node node;

    NodeAdminBackend(Node node) {
        this.node = node;
    }

    @Override
    public Readiness readiness() {
        var reasons = new LinkedHashMap<String, String>();
        boolean listening = node.smtpAddresses().size() > 0 && node.ready();
        reasons.put("smtp", node.smtpAddresses().isEmpty() ? "not listening" : "listening on " + node.smtpAddresses());
        reasons.put("cluster", node.member().isJoined()
                ? "joined, " + node.member().memberCount() + " members" : "not joined");
        reasons.put("node", node.readinessDetail());
        return new Readiness(listening, reasons);
    }

    @Override
    public String scrapeMetrics() {
        return node.registry().scrape();
    }

    @Override
    public DocumentStore documents() {
        return node.member().documents();
    }

    @Override
    public Set<String> documentNames() {
        return ClusterDocuments.ALL.stream().map(ClusterDocumentKind::name).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public DocumentValidator validator() {
        return (name, text) -> validationErrors(ClusterDocuments.named(name).map(kind -> kind.validate(text))
                .orElse(List.of()));
    }

    private static List<ValidationError> validationErrors(List<dev.moat.settings.SettingsError> errors) {
        return errors.stream()
                .map(e -> new ValidationError(e.line(), e.path().isEmpty() ? e.message() : e.path() + ": " + e.message()))
                .toList();
    }

    @Override
    public Map<String, Object> nodeVersions() {
        var settings = node.settings();
        var out = new LinkedHashMap<String, Object>();
        out.put("node", settings.server().node().name());
        out.put("memberId", node.member().localMemberId());
        out.put("serverSettings", settings.serverVersion());
        out.put("documents", node.documentVersions());
        return out;
    }

    @Override
    public Map<String, Object> settingsReport() {
        return SettingsReport.of(node.settings(), node.rblZones());
    }

    @Override
    public Route route(String address) {
        return node.settings().router().route(address);
    }

    @Override
    public NextHops nextHops() {
        return NextHops.of(node.settings());
    }

    @Override
    public Directory directory() {
        return node.settings().directory();
    }

    @Override
    public long editDirectory(UnaryOperator<Directory> change, String updatedBy) {
        for (int attempt = 0; ; attempt++) {
            var current = documents().get(ClusterDocuments.DIRECTORY.name());
            long version = current.map(ClusterDocument::version).orElse(0L);
            var parsed = Directory.parse(current.map(ClusterDocument::text).orElse(""));
            if (!parsed.ok()) {
                throw new IllegalArgumentException("the stored directory does not validate: " + parsed.errors());
            }
            String text = change.apply(parsed.value()).render();
            var result = documents().replace(ClusterDocuments.DIRECTORY.name(), version, text, updatedBy);
            if (result instanceof ReplaceResult.Replaced replaced) {
                return replaced.document().version();
            }
            if (attempt == 4) {
                throw new IllegalStateException("the directory kept changing under five attempts");
            }
        }
    }

    @Override
    public List<MemberStatus> memberStatuses() {
        return node.member().statusBoard().all();
    }

    @Override
    public Map<String, Object> addressStatus(IpAddress address) {
        // Answered on the admin API's own workers, which may wait (the lookups have their deadline).
        var view = view(address, node.classify(address).toCompletableFuture().join());
        var settings = node.settings();
        view.put("node", settings.server().node().name());
        view.put("rblZones", node.rblZones());
        view.put("temporaryBlock", node.blocking().blockEntry(address).map(entry -> {
            var block = new LinkedHashMap<String, Object>();
            block.put("entry", entry.getKey());
            block.put("reason", entry.getValue().reason());
            block.put("node", entry.getValue().node());
            block.put("expires", java.time.Instant.ofEpochMilli(entry.getValue().untilMillis()).toString());
            return block;
        }).orElse(null));
        view.put("settingsVersions", Map.of("server", settings.serverVersion(), ClusterDocuments.SETTINGS.name(),
                settings.clusterVersion()));
        return view;
    }

    @Override
    public Optional<TemporaryBlocking> temporaryBlocking() {
        return Optional.of(node.blocking());
    }

    @Override
    public Map<String, Object> decisions(IpAddress address, String ref, String check, long sinceMillis, int limit) {
        return node.decisions().decisions(address, ref, check, sinceMillis, limit);
    }

    @Override
    public Map<String, Object> why(IpAddress address) {
        return WhyAnswer.of(node, node.decisions(), address);
    }

    @Override
    public Map<String, Object> previewDocument(String name, String text) {
        return node.decisions().preview(name, text);
    }

    @Override
    public Map<String, Object> clusterTraffic() {
        return node.decisions().traffic();
    }

    @Override
    public List<ValidationError> settingsFileErrors(String text) {
        return validationErrors(node.previewSettingsFile(text).errors());
    }

    @Override
    public Map<String, Object> previewSettingsFile(String text) {
        return node.decisions().previewSettingsFile(text);
    }

    /** The Test Address answer as JSON fields; absent facts are null. */
    static Map<String, Object> view(IpAddress address, Classification classification) {
        var view = new LinkedHashMap<String, Object>();
        view.put("address", address.toString());
        view.put("status", classification.status().label());
        view.put("reason", classification.reason().describe());
        view.put("listing", classification.reason().listing().map(listing -> {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("list", listing.list().title());
            entry.put("setting", listing.list().key());
            entry.put("layer", listing.layer().label());
            entry.put("line", listing.line());
            entry.put("entry", listing.entry());
            return entry;
        }).orElse(null));
        view.put("prefix", classification.prefix().label().isEmpty() ? null : classification.prefix().label());
        view.put("reverseName", classification.reverseName().orElse(null));
        view.put("debug", classification.debug());
        view.put("line", classification.line(address));
        return view;
    }
}
