package dev.moat.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a verdict matched, as structured data its decision record carries: the list and line
 * with its layer, the RBL zone with its raw answer and TXT, the DNS-name template with the PTR
 * name, the Router record, a banned line, an SPF result, a rule, or any other kind with a
 * detail. A verdict made without one (the old {@code Verdict.reject(check, reply, reason)})
 * gets {@link Described} with its reason, so every verdict has a match. {@link #subject()} is
 * the part of the mode key after the check's name ({@code blacklist/zen.example},
 * {@code blacklist/blacklisted-addresses}): each zone and list can have its own mode.
 */
public sealed interface Match {

    /** A short word for the kind: list, rbl, dns-name, router, banned-line, spf, rule, reason, or another kind. */
    String kind();

    /** The list key, zone or rule name that can have its own mode under the check; empty when none. */
    default String subject() {
        return "";
    }

    /** The match as an administrator reads it. */
    String describe();

    /** The match as JSON fields, {@code kind} first. */
    Map<String, Object> fields();

    /** The match a classification reason stands for: its list line, RBL answer or name template. */
    static Match of(Reason reason) {
        if (reason instanceof Reason.Listed listed) {
            return new ListLine(listed.entry());
        }
        if (reason instanceof Reason.NameListed named) {
            return new NameTemplate(named.entry(), named.name());
        }
        if (reason instanceof Reason.RblListed rbl) {
            return new RblAnswer(rbl.answer().zone(), rbl.answer().answer(), rbl.answer().text());
        }
        if (reason instanceof Reason.TemporarilyBlocked blocked) {
            return new Other("temporary-block", "", blocked.why());
        }
        return new Described(reason.describe());
    }

    private static Map<String, Object> fields(String kind, Object... pairs) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("kind", kind);
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    /** A line of a network address list, in one layer. */
    record ListLine(Listing listing) implements Match {
        public ListLine {
            Objects.requireNonNull(listing, "listing");
        }

        @Override
        public String kind() {
            return "list";
        }

        @Override
        public String subject() {
            return listing.list().key();
        }

        @Override
        public String describe() {
            return listing.describe();
        }

        @Override
        public Map<String, Object> fields() {
            return Match.fields(kind(), "list", listing.list().title(), "setting", listing.list().key(),
                    "layer", listing.layer().label(), "line", listing.line(), "entry", listing.entry());
        }
    }

    /** An RBL zone's listing: the zone, the raw A answer and its TXT text (empty without one). */
    record RblAnswer(String zone, String answer, String text) implements Match {
        public RblAnswer {
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String kind() {
            return "rbl";
        }

        @Override
        public String subject() {
            return zone;
        }

        @Override
        public String describe() {
            return "RBL " + zone + " answered " + answer + (text.isEmpty() ? "" : ": " + text);
        }

        @Override
        public Map<String, Object> fields() {
            return Match.fields(kind(), "zone", zone, "answer", answer, "text", text);
        }
    }

    /** A DNS-name list's template that matched the client's reverse (PTR) name. */
    record NameTemplate(Listing listing, String reverseName) implements Match {
        public NameTemplate {
            Objects.requireNonNull(listing, "listing");
            Objects.requireNonNull(reverseName, "reverseName");
        }

        @Override
        public String kind() {
            return "dns-name";
        }

        @Override
        public String subject() {
            return listing.list().key();
        }

        @Override
        public String describe() {
            return "reverse name " + reverseName + " matches " + listing.describe();
        }

        @Override
        public Map<String, Object> fields() {
            return Match.fields(kind(), "list", listing.list().title(), "setting", listing.list().key(),
                    "layer", listing.layer().label(), "line", listing.line(), "template", listing.entry(),
                    "reverseName", reverseName);
        }
    }

    /** A Router record (as written, with its table and line) that sent {@code address} where it was refused. */
    record RouterRecord(String record, String address) implements Match {
        public RouterRecord {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String kind() {
            return "router";
        }

        @Override
        public String describe() {
            return "Router record " + record + " for " + address;
        }

        @Override
        public Map<String, Object> fields() {
            return Match.fields(kind(), "record", record, "address", address);
        }
    }

    /** A banned header or body line: the list, its line number and entry, and the message line it matched. */
    record BannedLine(String list, int line, String entry, String text) implements Match {
        public BannedLine {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String kind() {
            return "banned-line";
        }

        @Override
        public String subject() {
            return list;
        }

        @Override
        public String describe() {
            return list + " line " + line + ": " + entry + " matched " + text;
        }

        @Override
        public Map<String, Object> fields() {
            return Match.fields(kind(), "list", list, "line", line, "entry", entry, "text", text);
        }
    }

    /** An SPF result (RFC 7208: fail, softfail, temperror ...) for a domain, with the mechanism or explanation. */
    record SpfResult(String result, String domain, String detail) implements Match {
        public SpfResult {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String kind() {
            return "spf";
        }

        @Override
        public String describe() {
            return "SPF " + result + " for " + domain + (detail.isEmpty() ? "" : ": " + detail);
        }

        @Override
        public Map<String, Object> fields() {
            return Match.fields(kind(), "result", result, "domain", domain, "detail", detail);
        }
    }

    /** A rule, by its name, with what it found. */
    record Rule(String name, String detail) implements Match {
        public Rule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String kind() {
            return "rule";
        }

        @Override
        public String subject() {
            return name;
        }

        @Override
        public String describe() {
            return "rule " + name + (detail.isEmpty() ? "" : ": " + detail);
        }

        @Override
        public Map<String, Object> fields() {
            return Match.fields(kind(), "name", name, "detail", detail);
        }
    }

    /** Any other kind (a HELO rule, a Return-Path's DNS answer, a protocol limit), with its subject and detail. */
    record Other(String kind, String subject, String detail) implements Match {
        public Other {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String describe() {
            return detail;
        }

        @Override
        public Map<String, Object> fields() {
            return subject.isEmpty() ? Match.fields(kind, "detail", detail)
                    : Match.fields(kind, "subject", subject, "detail", detail);
        }
    }

    /** Only the verdict's reason is known: a verdict made without a structured match. */
    record Described(String reason) implements Match {
        public Described {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String kind() {
            return "reason";
        }

        @Override
        public String describe() {
            return reason;
        }

        @Override
        public Map<String, Object> fields() {
            return Match.fields(kind(), "reason", reason);
        }
    }
}
