package dev.moat.settings;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known key an unknown one was probably meant to be: the same name spelled with
 * other separators or case ({@code max_recipients}, {@code maxRecipients}), or one a couple
 * of typing mistakes away.
 */
final class DidYouMean {
    private DidYouMean() {
    }

    static Optional<String> closest(String unknown, Collection<String> known) {
        String wanted = normalize(unknown);
        // Short names tolerate one mistake, longer ones two: "port" must not suggest "kind".
        int allowed = wanted.length() >= 5 ? 2 : 1;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(wanted, normalize(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    private static String normalize(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Edit distance where swapping two neighbouring letters ("tsl") counts as one mistake. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
