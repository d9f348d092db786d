package dev.moat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A Router table as a large site might have, seeded so runs compare: 60% exact address
 * records (some with Relay: or NoRelay:), 10% bare aliases, 20% domain records (forwarding
 * and error), and 10% wildcards (promo-style local parts, whole domains rewritten to a relay
 * host, and {@code *.subdomain} error records). Probes mix hits on each kind, local
 * addresses and addresses no record knows.
 */
final class RouterTableGenerator {
    static final int LOCAL_DOMAINS = 10;

    private final Random random;

    RouterTableGenerator(long seed) {
        this.random = new Random(seed);
    }

    static String localDomain(int i) {
        return "local" + i + ".example";
    }

    String table(int records) {
        StringBuilder text = new StringBuilder(records * 48);
        text.append("; generated Router table\n");
        for (int i = 0; i < records; i++) {
            int kind = i % 10;
            switch (kind) {
                case 0 -> wildcard(text, i);
                case 1 -> text.append("<alias").append(i).append("> = user").append(i).append("@d")
                        .append(i % 5000).append(".example\n");
                case 2, 3 -> text.append(i % 7 == 0 ? "NoRelay:" : "").append("d").append(i).append(".example = ")
                        .append(i % 3 == 0 ? "error" : "d" + i + ".example@relay" + (i % 50) + ".example").append('\n');
                default -> text.append(i % 4 == 0 ? "Relay:" : i % 4 == 1 ? "NoRelay:" : "").append("<user").append(i)
                        .append("@").append(i % 3 == 0 ? localDomain(i % LOCAL_DOMAINS) : "d" + (i % 5000) + ".example")
                        .append("> = user").append(i).append("@host").append(i % 100).append(".example\n");
            }
        }
        return text.toString();
    }

    private void wildcard(StringBuilder text, int i) {
        switch ((i / 10) % 4) {
            case 0, 1 -> text.append("<promo").append(i).append("*@d").append(i % 5000).append(".example> = error\n");
            case 2 -> text.append("Relay:<*@w").append(i).append(".example> = *@w").append(i)
                    .append(".example@relay.example\n");
            default -> text.append("*.sub").append(i).append(".example = error\n");
        }
    }

    /** Addresses to route: hits on each kind of record, local addresses and unknown ones. */
    String[] probes(int records, int count) {
        List<String> out = new ArrayList<>(count);
        while (out.size() < count) {
            int i = random.nextInt(records);
            out.add(switch (random.nextInt(8)) {
                case 0 -> "user" + (i - i % 10 + 4) + "@" + ((i - i % 10 + 4) % 3 == 0
                        ? localDomain((i - i % 10 + 4) % LOCAL_DOMAINS) : "d" + ((i - i % 10 + 4) % 5000) + ".example");
                case 1 -> "alias" + (i - i % 10 + 1) + "@" + localDomain(i % LOCAL_DOMAINS);
                case 2 -> "someone@d" + (i - i % 10 + 2) + ".example";
                case 3 -> "promo" + (i - i % 10) + "-spring@d" + ((i - i % 10) % 5000) + ".example";
                case 4 -> "anyone@w" + (i - i % 10) + ".example";
                case 5 -> "x@mx.sub" + (i - i % 10) + ".example";
                case 6 -> "nobody" + i + "@" + localDomain(i % LOCAL_DOMAINS);
                default -> "stranger" + i + "@unknown" + i + ".example";
            });
        }
        return out.toArray(String[]::new);
    }
}
