package dev.moat.dns;

import dev.moat.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SPF record (RFC 7208 sections 4.5 to 6), parsed whole before anything is evaluated: its
 * mechanisms in order, each with its qualifier, domain-spec, CIDR lengths or network, and the
 * {@code redirect=} and {@code exp=} modifiers; unknown modifiers are checked and ignored. Any
 * syntax error anywhere (an unknown mechanism, a bad macro, a domain-spec without a valid top
 * label, a CIDR out of range, a repeated modifier, a character outside printable ASCII) makes
 * {@link #parse} answer the error, which is a permerror.
 */
record SpfRecord(List<Mechanism> mechanisms, Optional<SpfMacro> redirect, Optional<SpfMacro> explanation) {

    enum Kind { ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS }

    /** A mechanism and its arguments: {@code domain} for include, a, mx, ptr, exists; {@code network} for ip4, ip6. */
    record Mechanism(char qualifier, Kind kind, String text, Optional<SpfMacro> domain, int cidr4, int cidr6,
            IpAddress network) {
        /** Whether this mechanism costs a DNS query (RFC 7208 4.6.4). */
        boolean queriesDns() {
            return kind == Kind.INCLUDE || kind == Kind.A || kind == Kind.MX || kind == Kind.PTR || kind == Kind.EXISTS;
        }
    }

    /** The record, or the syntax error that makes it a permerror. */
    record Parsed(SpfRecord record, String error) {
    }

    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9._-]*)=(.*)", Pattern.DOTALL);
    private static final Pattern MECHANISM = Pattern.compile("([+?~-]?)([A-Za-z][A-Za-z0-9._-]*)(.*)", Pattern.DOTALL);
    private static final Pattern DUAL_CIDR = Pattern.compile("(.*?)(?:/(0|[1-9][0-9]?))?(?://(0|[1-9][0-9]{0,2}))?");
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final Pattern CIDR4 = Pattern.compile("0|[1-9][0-9]?");
    private static final Pattern CIDR6 = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern TOP_LABEL = Pattern.compile(
            "[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]");

    /** Whether a TXT string is an SPF record: {@code v=spf1} (any case) at the start, then a space or the end. */
    static boolean isSpf(String text) {
        return text.regionMatches(true, 0, "v=spf1", 0, 6) && (text.length() == 6 || text.charAt(6) == ' ');
    }

    static Parsed parse(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && (c < '!' || c > '~')) {
                return error("the record holds a character that is not printable ASCII");
            }
        }
        List<Mechanism> mechanisms = new ArrayList<>();
        Optional<SpfMacro> redirect = Optional.empty();
        Optional<SpfMacro> explanation = Optional.empty();
        for (String term : SPACES.split(text.substring(6).trim())) {
            if (term.isEmpty()) {
                continue;
            }
            Matcher modifier = MODIFIER.matcher(term);
            if (modifier.matches()) {
                String name = modifier.group(1).toLowerCase(Locale.ROOT);
                boolean known = name.equals("redirect") || name.equals("exp");
                Optional<SpfMacro> value = known ? domainSpec(modifier.group(2)) : SpfMacro.parse(modifier.group(2), false);
                if (value.isEmpty()) {
                    return error("bad value in " + term);
                }
                if (name.equals("redirect")) {
                    if (redirect.isPresent()) {
                        return error("redirect= twice");
                    }
                    redirect = value;
                } else if (name.equals("exp")) {
                    if (explanation.isPresent()) {
                        return error("exp= twice");
                    }
                    explanation = value;
                }
                continue;
            }
            Optional<Mechanism> mechanism = mechanism(term);
            if (mechanism.isEmpty()) {
                return error("unknown or malformed term " + term);
            }
            mechanisms.add(mechanism.get());
        }
        return new Parsed(new SpfRecord(mechanisms, redirect, explanation), null);
    }

    private static Parsed error(String why) {
        return new Parsed(null, why);
    }

    private static Optional<Mechanism> mechanism(String term) {
        Matcher m = MECHANISM.matcher(term);
        if (!m.matches()) {
            return Optional.empty();
        }
        char qualifier = m.group(1).isEmpty() ? '+' : m.group(1).charAt(0);
        String rest = m.group(3);
        Kind kind;
        try {
            kind = Kind.valueOf(m.group(2).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return switch (kind) {
            case ALL -> rest.isEmpty() ? Optional.of(new Mechanism(qualifier, kind, term, Optional.empty(), 32, 128, null))
                    : Optional.empty();
            case INCLUDE, EXISTS -> rest.startsWith(":")
                    ? domainSpec(rest.substring(1)).map(d -> new Mechanism(qualifier, kind, term, Optional.of(d), 32, 128, null))
                    : Optional.empty();
            case PTR -> rest.isEmpty() ? Optional.of(new Mechanism(qualifier, kind, term, Optional.empty(), 32, 128, null))
                    : rest.startsWith(":")
                    ? domainSpec(rest.substring(1)).map(d -> new Mechanism(qualifier, kind, term, Optional.of(d), 32, 128, null))
                    : Optional.empty();
            case A, MX -> withDualCidr(qualifier, kind, term, rest);
            case IP4, IP6 -> network(qualifier, kind, term, rest);
        };
    }

    private static Optional<Mechanism> withDualCidr(char qualifier, Kind kind, String term, String rest) {
        Matcher m = DUAL_CIDR.matcher(rest);
        if (!m.matches()) {
            return Optional.empty();
        }
        int cidr4 = m.group(2) == null ? 32 : Integer.parseInt(m.group(2));
        int cidr6 = m.group(3) == null ? 128 : Integer.parseInt(m.group(3));
        if (cidr4 > 32 || cidr6 > 128) {
            return Optional.empty();
        }
        String domain = m.group(1);
        if (domain.isEmpty()) {
            return Optional.of(new Mechanism(qualifier, kind, term, Optional.empty(), cidr4, cidr6, null));
        }
        if (!domain.startsWith(":")) {
            return Optional.empty();
        }
        return domainSpec(domain.substring(1)).map(d -> new Mechanism(qualifier, kind, term, Optional.of(d), cidr4, cidr6, null));
    }

    private static Optional<Mechanism> network(char qualifier, Kind kind, String term, String rest) {
        if (!rest.startsWith(":")) {
            return Optional.empty();
        }
        String network = rest.substring(1);
        boolean v4 = kind == Kind.IP4;
        int max = v4 ? 32 : 128;
        int cidr = max;
        int slash = network.indexOf('/');
        if (slash >= 0) {
            String digits = network.substring(slash + 1);
            if (!(v4 ? CIDR4 : CIDR6).matcher(digits).matches() || Integer.parseInt(digits) > max) {
                return Optional.empty();
            }
            cidr = Integer.parseInt(digits);
            network = network.substring(0, slash);
        }
        Optional<IpAddress> address = IpAddress.tryParse(network);
        if (address.isEmpty() || (v4 != !network.contains(":")) || (v4 && !address.get().isIpv4())) {
            return Optional.empty();
        }
        return Optional.of(new Mechanism(qualifier, kind, term, Optional.empty(), v4 ? cidr : 32, v4 ? 128 : cidr,
                address.get()));
    }

    /** A domain-spec: a macro-string that ends with a macro or with a dot and a valid top label (RFC 7208 7.1). */
    static Optional<SpfMacro> domainSpec(String text) {
        Optional<SpfMacro> macro = SpfMacro.parse(text, false);
        if (macro.isEmpty() || macro.get().endsWithMacro()) {
            return macro;
        }
        String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        int dot = name.lastIndexOf('.');
        return dot >= 0 && TOP_LABEL.matcher(name.substring(dot + 1)).matches() ? macro : Optional.empty();
    }
}
