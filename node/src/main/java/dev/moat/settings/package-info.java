/**
 * Settings: the node's own YAML file (server-wide) and the documents kept in the cluster
 * (cluster-wide), parsed strictly and combined into one immutable {@link
 * dev.moat.settings.EffectiveSettings} snapshot, which compiles each check's part (address
 * sets, the Router, the directory) once per version. {@link dev.moat.settings.ClusterDocuments}
 * is the registry of cluster documents ({@code settings}, {@code router}, {@code directory},
 * {@code banned-header-lines}, {@code banned-body-lines}):
 * name, parser and place in the {@link dev.moat.settings.ClusterLayer}; the node, the admin API
 * and the settings layers all read it. {@code SettingsFileWatcher.loadOrDefaults} is the one
 * loader of "the settings file, or the embedded defaults" for the node and its commands.
 *
 * <p>Both parsers collect every error with the file line and the dotted setting name, and
 * refuse the whole document when there is any; unknown keys are errors with a "did you mean"
 * hint. The merge rules of {@code spec/NOTES.md} ("Cluster-wide extensions") live only in
 * {@link dev.moat.settings.EffectiveSettings#build}. {@link
 * dev.moat.settings.SettingsFileWatcher} polls the settings file and hands over each valid new
 * version; refused versions are logged at WARN, one line per error, and the running settings
 * stay. {@link dev.moat.settings.SettingsSchema} describes the server-wide model as a JSON Schema
 * by letting the parser walk an empty file (the Helm chart's schema of {@code settings}). Reads: every key of the server-wide file (see {@code full-example.yaml} in the test
 * resources), the six network address lists of the cluster-wide document ({@code
 * client-addresses}, {@code lan-addresses}, {@code denied-addresses}, {@code
 * blacklisted-addresses}, {@code white-hole-addresses}, {@code debug-addresses}), which
 * extend the server-wide lists of the same keys, its {@code temporary-blocking} section
 * ({@link dev.moat.settings.TemporaryBlockingSettings}: UnBlocking Time and UnBlockable
 * Addresses Limit, cluster-wide only), {@code spf} and {@code spf-permerror} (which hold where
 * the server-wide file does not write them; {@link dev.moat.settings.SpfSettings}), its optional {@code callout} section ({@link
 * dev.moat.settings.CalloutSection}, which combines with the server-wide one), and the cluster documents {@code router} (a
 * Router table, read by {@code dev.moat.router}) and {@code directory}
 * ({@link dev.moat.settings.Directory}: domains and accounts), and the banned-line lists: the
 * server-wide files {@code banned-lines.header-file} and {@code .body-file} ({@link
 * dev.moat.settings.BannedLinesSection}, read with the settings file, and watched with it) and
 * the cluster documents {@code banned-header-lines} and {@code banned-body-lines}, each compiled
 * by {@code dev.moat.content}. Registers no meters;
 * the node reports {@code serverVersion()} and {@code clusterVersion()} of the snapshot.
 */
package dev.moat.settings;
