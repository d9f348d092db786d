package dev.moat.settings;

import dev.moat.net.IpAddress;
import dev.moat.net.NameTemplates;
import dev.moat.net.NetworkAddressList;
import dev.moat.router.RouterTable;
import dev.moat.router.RouterTableParser;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads one YAML mapping of a settings document. Each typed getter names a key it knows and
 * returns its value, or the default when the key is absent; a value that does not convert is
 * recorded as an error and the default returned, so one pass finds every error. {@link
 * #finish()} reports the keys nobody asked for as unknown. An empty value ({@code smtp:} with
 * everything below commented out) reads as an empty mapping, an empty list or empty text.
 */
final class MappingReader {
    /** A single-line text item of a list, where it was written. */
    record Item(String text, int line, String path) {
    }

    private final String path;
    private final int line;
    private final ErrorList errors;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();
    /** Set while the model is being described ({@link SettingsSchema}): each getter records its key. */
    private final SettingsSchema.Recorder schema;

    private MappingReader(Node node, int line, String path, ErrorList errors) {
        this(node, line, path, errors, null);
    }

    private MappingReader(Node node, int line, String path, ErrorList errors, SettingsSchema.Recorder schema) {
        this.path = path;
        this.line = line;
        this.errors = errors;
        this.schema = schema;
        if (node == null || isEmpty(node)) {
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            errors.add(YamlDocument.line(node), path, "must be a mapping of settings (key: value lines)");
            return;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                errors.add(YamlDocument.line(tuple.getKeyNode()), path, "a key must be a plain name");
                continue;
            }
            NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
            if (first != null) {
                errors.add(YamlDocument.line(key), child(key.getValue()),
                        "is given twice (first on line " + YamlDocument.line(first.getKeyNode()) + ")");
            }
        }
    }

    static MappingReader root(Optional<Node> root, ErrorList errors) {
        return new MappingReader(root.orElse(null), 1, "", errors);
    }

    /** A reader of an empty document that records every key asked of it, for {@link SettingsSchema}. */
    static MappingReader describing(SettingsSchema.Recorder recorder, ErrorList errors) {
        return new MappingReader(null, 1, "", errors, recorder);
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The line of the key, or of this mapping when the key is absent. */
    int lineOf(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? line : YamlDocument.line(tuple.getKeyNode());
    }

    /** Records an error about a key that depends on other keys (a cross-check). */
    void error(String key, String message) {
        errors.add(lineOf(key), child(key), message);
    }

    /** Records an error about one item of a list of texts. */
    void error(Item item, String message) {
        errors.add(item.line(), item.path(), message);
    }

    /** Records an error at {@code line} of the file the setting {@code key} names (a banned-line list). */
    void errorInFile(int line, String key, Path file, String message) {
        errors.add(line, child(key) + " " + file, message);
    }

    /** Whether the document holds {@code key} (an optional section of the cluster-wide layer). */
    boolean has(String key) {
        return entries.containsKey(key);
    }

    <T> T section(String key, Function<MappingReader, T> read) {
        MappingReader reader = new MappingReader(take(key).orElse(null), lineOf(key), child(key), errors,
                schema == null ? null : schema.mapping(key));
        T value = read.apply(reader);
        reader.finish();
        return value;
    }

    /** A list of mappings, each read by {@code readItem}; {@code absent} when the key is not there. */
    <T> List<T> list(String key, List<T> absent, Function<MappingReader, T> readItem) {
        Optional<Node> node = take(key);
        if (node.isEmpty() && schema != null) {
            readItem.apply(new MappingReader(null, line, child(key) + "[0]", new ErrorList(), schema.listOfMappings(key)));
        }
        if (node.isEmpty()) {
            return absent;
        }
        if (isEmpty(node.get())) {
            return List.of();
        }
        if (!(node.get() instanceof SequenceNode sequence)) {
            errors.add(YamlDocument.line(node.get()), child(key), "must be a list (lines starting with -)");
            return absent;
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            MappingReader reader = new MappingReader(item, YamlDocument.line(item), child(key) + "[" + i + "]", errors);
            items.add(readItem.apply(reader));
            reader.finish();
        }
        return items;
    }

    /** A list of single-line texts; empty when the key is absent. */
    List<Item> texts(String key) {
        describe(key, SettingsSchema.ordered("type", "array", "items", SettingsSchema.ordered("type", "string")));
        Optional<Node> node = take(key);
        if (node.isEmpty() || isEmpty(node.get())) {
            return List.of();
        }
        if (!(node.get() instanceof SequenceNode sequence)) {
            errors.add(YamlDocument.line(node.get()), child(key), "must be a list (lines starting with - or [a, b])");
            return List.of();
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            String itemPath = child(key) + "[" + i + "]";
            oneLine(item, itemPath).ifPresent(text -> items.add(new Item(text, YamlDocument.line(item), itemPath)));
        }
        return items;
    }

    /**
     * A mapping of names chosen by the writer (not settings names) to single-line texts, in the
     * order written, each with its line; empty when the key is absent or empty.
     */
    List<Map.Entry<String, Item>> pairs(String key) {
        describe(key, SettingsSchema.ordered("type", "object", "additionalProperties",
                SettingsSchema.ordered("type", "string")));
        Optional<Node> node = take(key);
        if (node.isEmpty() || isEmpty(node.get())) {
            return List.of();
        }
        if (!(node.get() instanceof MappingNode mapping)) {
            errors.add(YamlDocument.line(node.get()), child(key), "must be a mapping (name: value lines)");
            return List.of();
        }
        List<Map.Entry<String, Item>> pairs = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode name) || isEmpty(name)) {
                errors.add(YamlDocument.line(tuple.getKeyNode()), child(key), "a name must be plain text");
                continue;
            }
            String itemPath = child(key) + "." + name.getValue();
            oneLine(tuple.getValueNode(), itemPath).ifPresent(text -> pairs.add(Map.entry(name.getValue(),
                    new Item(text, YamlDocument.line(name), itemPath))));
        }
        return pairs;
    }

    String text(String key, String absent) {
        describe(key, SettingsSchema.ordered("type", "string"));
        return take(key).flatMap(node -> oneLine(node, child(key))).orElse(absent);
    }

    /** A file name; empty when absent or empty. Relative names are relative to the working directory. */
    Optional<Path> file(String key) {
        String text = text(key, "").strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            error(key, "is not a usable file name: " + e.getReason());
            return Optional.empty();
        }
    }

    boolean bool(String key, boolean absent) {
        describe(key, SettingsSchema.ordered("type", "boolean"));
        return scalar(key, "must be true or false").flatMap(value -> switch (value.getValue().strip()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> invalid(value, key, "must be true or false");
        }).orElse(absent);
    }

    int integer(String key, int absent, int min, int max) {
        String message = "must be a whole number from " + min + " to " + max;
        describe(key, SettingsSchema.integer(min, max));
        return scalar(key, message).flatMap(value -> {
            String text = value.getValue().strip();
            if (text.matches("[+-]?\\d{1,10}")) {
                long number = Long.parseLong(text);
                if (number >= min && number <= max) {
                    return Optional.of((int) number);
                }
            }
            return invalid(value, key, message);
        }).orElse(absent);
    }

    Duration duration(String key, Duration absent, Duration min, Duration max) {
        describe(key, SettingsSchema.duration(min, max));
        return scalar(key, "must be " + Units.DURATION_FORM).flatMap(value -> {
            Optional<Duration> duration = Units.parseDuration(value.getValue());
            if (duration.isEmpty()) {
                return invalid(value, key, "must be " + Units.DURATION_FORM);
            }
            if (duration.get().compareTo(min) < 0 || duration.get().compareTo(max) > 0) {
                return invalid(value, key, "must be from " + Units.formatDuration(min) + " to " + Units.formatDuration(max));
            }
            return duration;
        }).orElse(absent);
    }

    long size(String key, long absent, long min, long max) {
        describe(key, SettingsSchema.size(min, max));
        return scalar(key, "must be " + Units.SIZE_FORM).flatMap(value -> {
            OptionalLong size = Units.parseSize(value.getValue());
            if (size.isEmpty()) {
                return invalid(value, key, "must be " + Units.SIZE_FORM);
            }
            if (size.getAsLong() < min || size.getAsLong() > max) {
                return invalid(value, key, "must be from " + Units.formatSize(min) + " to " + Units.formatSize(max));
            }
            return Optional.of(size.getAsLong());
        }).orElse(absent);
    }

    /** An enum constant written in lower case with hyphens ({@code SMTPS} is {@code smtps}). */
    <E extends Enum<E>> E choice(String key, E absent) {
        return choice(key, absent.getDeclaringClass()).orElse(absent);
    }

    /** An enum constant of {@code type} as above; empty when the key is not written (or is wrong: then an error). */
    <E extends Enum<E>> Optional<E> choice(String key, Class<E> type) {
        List<E> constants = Arrays.asList(type.getEnumConstants());
        String message = "must be one of " + constants.stream().map(MappingReader::settingName).collect(Collectors.joining(", "));
        describe(key, SettingsSchema.choice(constants.stream().map(MappingReader::settingName).toList()));
        return scalar(key, message).flatMap(value -> constants.stream()
                .filter(constant -> settingName(constant).equals(value.getValue().strip()))
                .findFirst()
                .or(() -> invalid(value, key, message)));
    }

    IpAddress ipAddress(String key, String absent) {
        String text = text(key, absent);
        describe(key, SettingsSchema.ipAddress());
        return Domains.ipLiteral(text).orElseGet(() -> {
            error(key, "must be an IP address such as 0.0.0.0, 127.0.0.1 or ::");
            return IpAddress.parse(absent);
        });
    }

    /**
     * A network address list, written as a block of lines ({@code |}) or as a YAML list. Each
     * bad entry is reported at its own line of the file, and the list is then empty, so that
     * checks depending on it do not report the same mistake again.
     */
    Optional<NetworkAddressList> addresses(String key, String absent) {
        describe(key, SettingsSchema.addresses());
        Optional<Node> node = take(key);
        String text = absent;
        IntUnaryOperator fileLine = listLine -> lineOf(key);
        if (node.isPresent() && node.get() instanceof ScalarNode scalar) {
            text = isEmpty(scalar) ? "" : scalar.getValue();
            fileLine = listLine -> blockLine(scalar, listLine);
        } else if (node.isPresent() && node.get() instanceof SequenceNode) {
            List<Item> items = texts(key);
            text = items.stream().map(Item::text).collect(Collectors.joining("\n"));
            fileLine = listLine -> items.isEmpty() ? lineOf(key) : items.get(Math.min(listLine, items.size()) - 1).line();
        } else if (node.isPresent()) {
            errors.add(YamlDocument.line(node.get()), child(key), "must be a network address list: lines after | or a list");
            return Optional.empty();
        }
        NetworkAddressList.ParseResult result = NetworkAddressList.parse(text);
        for (NetworkAddressList.LineError error : result.errors()) {
            errors.add(fileLine.applyAsInt(Math.max(1, error.line())), child(key), error.message() + ": " + error.text().strip());
        }
        return result.ok() ? Optional.of(result.list()) : Optional.empty();
    }

    /**
     * A DNS-name list, written as a block of lines ({@code |}) or as a YAML list. Each bad
     * template is reported at its own line of the file; the list is then empty.
     */
    Optional<NameTemplates> nameTemplates(String key) {
        describe(key, SettingsSchema.ordered("anyOf", List.of(SettingsSchema.ordered("type", "string"),
                SettingsSchema.ordered("type", "array", "items", SettingsSchema.ordered("type", "string")))));
        Optional<Node> node = take(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        String text;
        IntUnaryOperator fileLine;
        if (node.get() instanceof ScalarNode scalar) {
            text = isEmpty(scalar) ? "" : scalar.getValue();
            fileLine = listLine -> blockLine(scalar, listLine);
        } else if (node.get() instanceof SequenceNode) {
            List<Item> items = texts(key);
            text = items.stream().map(Item::text).collect(Collectors.joining("\n"));
            fileLine = listLine -> items.isEmpty() ? lineOf(key) : items.get(Math.min(listLine, items.size()) - 1).line();
        } else {
            errors.add(YamlDocument.line(node.get()), child(key), "must be a DNS-name list: lines after | or a list");
            return Optional.empty();
        }
        NameTemplates.Parsed parsed = NameTemplates.parse(text);
        for (NameTemplates.LineError error : parsed.errors()) {
            errors.add(fileLine.applyAsInt(Math.max(1, error.line())), child(key), error.message());
        }
        return parsed.ok() ? Optional.of(parsed.templates()) : Optional.empty();
    }

    /**
     * A Router table, written as a block of lines ({@code |}). Each bad record is reported at
     * its own line of the file; the table is then empty, as for {@link #addresses}.
     */
    Optional<RouterTable> routerTable(String key, String source) {
        describe(key, SettingsSchema.ordered("type", "string", "description", "a Router table, one record a line"));
        Optional<Node> node = take(key);
        if (node.isEmpty()) {
            return Optional.of(RouterTable.empty());
        }
        if (!(node.get() instanceof ScalarNode scalar)) {
            errors.add(YamlDocument.line(node.get()), child(key), "must be a Router table: lines after |");
            return Optional.empty();
        }
        RouterTableParser.Parsed parsed = RouterTable.parse(isEmpty(scalar) ? "" : scalar.getValue(), source);
        for (RouterTableParser.LineError error : parsed.errors()) {
            errors.add(blockLine(scalar, error.line()), child(key), error.message());
        }
        return Optional.ofNullable(parsed.table());
    }

    private void describe(String key, Map<String, Object> fragment) {
        if (schema != null) {
            schema.leaf(key, fragment);
        }
    }

    /** Reports the keys of this mapping that no getter asked for. */
    void finish() {
        entries.forEach((key, tuple) -> {
            if (!known.contains(key)) {
                String hint = DidYouMean.closest(key, known).map(k -> "; did you mean " + k + "?").orElse("");
                errors.add(YamlDocument.line(tuple.getKeyNode()), child(key), "unknown setting" + hint);
            }
        });
    }

    /**
     * The file line of a line of a scalar's text: the content of a literal block ({@code |})
     * starts on the line after its indicator and keeps its line breaks; the other styles fold
     * lines together, so only where the value starts is known.
     */
    private static int blockLine(ScalarNode scalar, int listLine) {
        int start = YamlDocument.line(scalar);
        return switch (scalar.getScalarStyle()) {
            case LITERAL -> start + listLine;
            case FOLDED -> start + 1;
            default -> start;
        };
    }

    private Optional<Node> take(String key) {
        known.add(key);
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    private Optional<ScalarNode> scalar(String key, String message) {
        Optional<Node> node = take(key);
        if (node.isPresent() && !(node.get() instanceof ScalarNode)) {
            errors.add(YamlDocument.line(node.get()), child(key), message);
            return Optional.empty();
        }
        return node.map(ScalarNode.class::cast);
    }

    private Optional<String> oneLine(Node node, String nodePath) {
        if (!(node instanceof ScalarNode scalar)) {
            errors.add(YamlDocument.line(node), nodePath, "must be text, not a list or mapping");
            return Optional.empty();
        }
        String text = isEmpty(scalar) ? "" : scalar.getValue();
        if (text.chars().anyMatch(Character::isISOControl)) {
            errors.add(YamlDocument.line(node), nodePath, "must be one line of text without control characters");
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private <T> Optional<T> invalid(ScalarNode value, String key, String message) {
        errors.add(YamlDocument.line(value), child(key), message);
        return Optional.empty();
    }

    private static boolean isEmpty(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static String settingName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
