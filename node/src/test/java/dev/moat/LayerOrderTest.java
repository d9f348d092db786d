package dev.moat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the node run one way, bottom first, as the README's Layout section says: a
 * class may name classes of its own package and of packages below it, never above. The root
 * package wires everything and may name any. Every reference counts, imports and qualified
 * names alike; comments do not. Only smtp, delivery, admin and the root wiring touch Netty,
 * only cluster touches Hazelcast, only dns touches dnsjava.
 */
class LayerOrderTest {
    /** Bottom first. A new package must be placed here, or this test refuses it. */
    static final List<String> ORDER = List.of(
            "files", "net", "mail", "metrics", "policy", "router", "dns", "content", "rules", "settings", "accounts", "blocking", "cluster", "delivery", "callout",
            "smtp",
            "admin", "console");
    private static final Map<String, List<String>> LIBRARIES = Map.of(
            "io.netty", List.of("smtp", "delivery", "admin", ""),
            "com.hazelcast", List.of("cluster"),
            "org.xbill", List.of("dns"));
    private static final Path SOURCES = Path.of("src/main/java/dev/moat");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.moat\\.([a-z]+)\\.[A-Za-z]");

    @Test
    void noPackageNamesAPackageAboveIt() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path file : sources()) {
            String from = packageOf(file);
            if (from.isEmpty()) {
                continue;
            }
            Matcher m = REFERENCE.matcher(code(file));
            var named = new TreeSet<String>();
            while (m.find()) {
                named.add(m.group(1));
            }
            for (String to : named) {
                if (!to.equals(from) && ORDER.indexOf(to) >= ORDER.indexOf(from)) {
                    wrong.add(SOURCES.relativize(file) + " (" + from + ") names " + to + ", which is not below it");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyPackageHasItsPlaceInTheOrder() throws IOException {
        var packages = new TreeSet<String>();
        for (Path file : sources()) {
            packages.add(packageOf(file));
        }
        packages.remove("");
        packages.removeAll(ORDER);
        assertEquals(new TreeSet<String>(), packages, "packages missing from LayerOrderTest.ORDER and the README's Layout");
    }

    @Test
    void librariesStayInTheirPackages() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path file : sources()) {
            String from = packageOf(file);
            String code = code(file);
            LIBRARIES.forEach((library, allowed) -> {
                if (code.contains(library + ".") && !allowed.contains(from)) {
                    wrong.add(SOURCES.relativize(file) + " uses " + library);
                }
            });
        }
        assertEquals(List.of(), wrong);
    }

    private static List<Path> sources() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the node module: " + SOURCES.toAbsolutePath());
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The first package under dev.moat, empty for the root. */
    private static String packageOf(Path file) {
        Path relative = SOURCES.relativize(file);
        return relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
    }

    /** The file without its comments; string literals stay, so a "//" or "/*" inside one is not taken for a comment. */
    static String code(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != c) {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(text, i, Math.min(end + 1, text.length()));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
