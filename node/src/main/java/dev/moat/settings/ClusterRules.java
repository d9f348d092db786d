package dev.moat.settings;

import dev.moat.rules.Rule;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The cluster document {@code rules} (YAML): a {@code rules} list written as in the server-wide
 * file, whose rules run on every node after the server's own ({@link EffectiveSettings#rules()}).
 * Parsed as strictly as the file; one bad rule refuses the whole document.
 */
public record ClusterRules(List<Rule> rules) {
    private static final ClusterRules EMPTY = new ClusterRules(List.of());

    public ClusterRules {
        rules = List.copyOf(rules);
    }

    public static ClusterRules empty() {
        return EMPTY;
    }

    public static SettingsResult<ClusterRules> parse(String yaml) {
        ErrorList errors = new ErrorList();
        Optional<Node> root = YamlDocument.compose(yaml, errors);
        if (!errors.isEmpty()) {
            return SettingsResult.refused(errors.sorted());
        }
        MappingReader r = MappingReader.root(root, errors);
        List<Rule> rules = RulesReader.read(r, "cluster");
        r.finish();
        return errors.isEmpty() ? SettingsResult.valid(new ClusterRules(rules)) : SettingsResult.refused(errors.sorted());
    }
}
