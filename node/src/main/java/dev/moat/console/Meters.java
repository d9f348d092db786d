package dev.moat.console;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few of the node's own meters read from its Prometheus text ({@code /metrics}), each series
 * summed over the tags the console does not name: {@code moat_smtp_messages_total{result=accepted}}
 * adds every reason. Keys are the family name, or the name with one tag.
 */
final class Meters {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");
    private static final Pattern TAG = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Meters() {
    }

    static Map<String, Double> read(String exposition) {
        Map<String, Double> sums = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                continue;
            }
            String name = m.group(1);
            sums.merge(name, value, Double::sum);
            if (m.group(3) != null) {
                Matcher tag = TAG.matcher(m.group(3));
                while (tag.find()) {
                    sums.merge(name + "{" + tag.group(1) + "=" + tag.group(2) + "}", value, Double::sum);
                }
            }
        }
        return sums;
    }
}
