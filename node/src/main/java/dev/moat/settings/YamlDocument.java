package dev.moat.settings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Turns settings text into a YAML node tree that keeps every node's position (nothing is
 * constructed, so no YAML tag can create objects), and names document versions by hash.
 * A syntax error becomes one {@link SettingsError} at the line where the parser gave up.
 * A document may hold up to {@value #MAX_CODE_POINTS} characters, room for address lists of
 * a million entries (the YAML library's own default, 3 Mi, is about 150,000).
 */
final class YamlDocument {
    static final int MAX_CODE_POINTS = 64 << 20;

    /** Hex digits of the SHA-256 that name a version: 48 bits, short to read, long enough never to collide by chance. */
    static final int VERSION_DIGITS = 12;

    private YamlDocument() {
    }

    /** The root node, or empty for a document with no content (or a syntax error, then recorded). */
    static Optional<Node> compose(String text, ErrorList errors) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel("settings")
                .setUseMarks(true)
                .setMaxAliasesForCollections(20)
                .setCodePointLimit(MAX_CODE_POINTS)
                .build();
        try {
            return new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(0);
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            errors.add(line, "", "not valid YAML: " + problem);
        } catch (YamlEngineException e) {
            errors.add(0, "", "not valid YAML: " + e.getMessage());
        }
        return Optional.empty();
    }

    static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    /** The full SHA-256 of the text's UTF-8 bytes, in hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The version name of a document: the first {@value #VERSION_DIGITS} hex digits of its SHA-256. */
    static String version(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, VERSION_DIGITS);
    }
}
