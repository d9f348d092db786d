package dev.moat.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled Router table: its records in order, indexed so that routing one address costs a
 * few hash lookups however long the table is. An exact record wins over wildcard records;
 * among wildcard records the first in table order wins (a combined table lists the server's
 * records before the cluster's, {@link #combine}). Wildcard address records are indexed by the
 * domain they name, wildcard domain records of the form {@code *.suffix} by their suffix;
 * other wildcard patterns (a star inside a domain) are tried one by one. Immutable.
 */
public final class RouterTable {
    private static final Entry[] NONE = new Entry[0];
    private static final RouterTable EMPTY = new RouterTable(List.of());

    /** A wildcard record with its place in the table. */
    private record Entry(int order, Glob glob, RouterRecord record) {
    }

    /** A record that applies, and what its stars matched. */
    record Match(RouterRecord record, String[] runs, int order) {
    }

    private final List<RouterRecord> records;
    private final Map<String, RouterRecord> addressExact = new HashMap<>();
    private final Map<String, Entry[]> addressWildByDomain;
    private final Entry[] addressWildOther;
    private final Map<String, RouterRecord> domainExact = new HashMap<>();
    private final Map<String, Entry[]> domainWildBySuffix;
    private final Entry[] domainWildOther;

    private RouterTable(List<RouterRecord> records) {
        this.records = List.copyOf(records);
        Map<String, List<Entry>> addressByDomain = new HashMap<>();
        List<Entry> addressOther = new ArrayList<>();
        Map<String, List<Entry>> domainBySuffix = new HashMap<>();
        List<Entry> domainOther = new ArrayList<>();
        for (int i = 0; i < this.records.size(); i++) {
            RouterRecord record = this.records.get(i);
            String pattern = record.pattern();
            if (!record.wildcard()) {
                (record.addressRecord() ? addressExact : domainExact).putIfAbsent(pattern, record);
                continue;
            }
            Entry entry = new Entry(i, new Glob(pattern), record);
            if (record.addressRecord()) {
                int at = pattern.lastIndexOf('@');
                String domain = at < 0 ? "" : pattern.substring(at + 1);
                if (domain.indexOf('*') < 0) {
                    addressByDomain.computeIfAbsent(domain, k -> new ArrayList<>()).add(entry);
                } else {
                    addressOther.add(entry);
                }
            } else if (pattern.startsWith("*.") && pattern.indexOf('*', 1) < 0) {
                domainBySuffix.computeIfAbsent(pattern.substring(1), k -> new ArrayList<>()).add(entry);
            } else {
                domainOther.add(entry);
            }
        }
        this.addressWildByDomain = frozen(addressByDomain);
        this.addressWildOther = addressOther.toArray(NONE);
        this.domainWildBySuffix = frozen(domainBySuffix);
        this.domainWildOther = domainOther.toArray(NONE);
    }

    private static Map<String, Entry[]> frozen(Map<String, List<Entry>> lists) {
        Map<String, Entry[]> out = new HashMap<>(lists.size() * 2);
        lists.forEach((key, list) -> out.put(key, list.toArray(NONE)));
        return out;
    }

    public static RouterTable empty() {
        return EMPTY;
    }

    /** Parses a table; see {@link RouterTableParser}. */
    public static RouterTableParser.Parsed parse(String text, String source) {
        return RouterTableParser.parse(text, source);
    }

    static RouterTable of(List<RouterRecord> records) {
        return records.isEmpty() ? EMPTY : new RouterTable(records);
    }

    /** {@code first}'s records, then {@code then}'s: the first table's records are tried first. */
    public static RouterTable combine(RouterTable first, RouterTable then) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(then, "then");
        if (then.records.isEmpty()) {
            return first;
        }
        if (first.records.isEmpty()) {
            return then;
        }
        List<RouterRecord> all = new ArrayList<>(first.records);
        all.addAll(then.records);
        return new RouterTable(all);
    }

    public List<RouterRecord> records() {
        return records;
    }

    public int size() {
        return records.size();
    }

    /** The address record for {@code address}, whose domain ({@code ""} for none) is given. */
    Match matchAddress(String address, String domain) {
        RouterRecord exact = addressExact.get(address);
        if (exact != null) {
            return new Match(exact, new String[0], -1);
        }
        Match best = first(addressWildByDomain.get(domain), address, null);
        return first(addressWildOther, address, best);
    }

    /** The domain record for {@code domain}. */
    Match matchDomain(String domain) {
        RouterRecord exact = domainExact.get(domain);
        if (exact != null) {
            return new Match(exact, new String[0], -1);
        }
        Match best = null;
        if (!domainWildBySuffix.isEmpty()) {
            for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
                best = first(domainWildBySuffix.get(domain.substring(dot)), domain, best);
            }
        }
        return first(domainWildOther, domain, best);
    }

    /** The earliest entry of {@code entries} that matches, unless {@code best} comes before it. */
    private static Match first(Entry[] entries, String text, Match best) {
        if (entries == null) {
            return best;
        }
        int bestOrder = best == null ? Integer.MAX_VALUE : best.order();
        for (Entry entry : entries) {
            if (entry.order() >= bestOrder) {
                break;
            }
            String[] runs = entry.glob().match(text);
            if (runs != null) {
                return new Match(entry.record(), runs, entry.order());
            }
        }
        return best;
    }
}
