package dev.moat.mail;

import java.util.Locale;
import java.util.Optional;

/**
 * A reverse-path or forward-path of RFC 5321 section 4.1.2: {@code <>}, {@code <postmaster>},
 * or a mailbox {@code local@domain}, where the domain may be an address literal. A source
 * route ({@code <@a,@b:user@host>}) is parsed and dropped, as section C of the RFC allows.
 * The local part keeps its quoting as written; the domain is compared case-insensitively.
 */
public record MailPath(String localPart, String domain) {
    private static final MailPath NULL = new MailPath("", "");
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 255;
    private static final int MAX_PATH = 256;

    /** The outcome of parsing: a path, or why it is not one. */
    public record Parsed(MailPath path, String rest, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    public static MailPath nullPath() {
        return NULL;
    }

    public boolean isNull() {
        return localPart.isEmpty() && domain.isEmpty();
    }

    /** {@code <postmaster>} without a domain, which RFC 5321 requires every server to take. */
    public boolean isBarePostmaster() {
        return domain.isEmpty() && localPart.equalsIgnoreCase("postmaster");
    }

    /** {@code local@domain}, or the bare local part, or "" for the null path. */
    public String address() {
        return domain.isEmpty() ? localPart : localPart + "@" + domain;
    }

    public String domainLowerCase() {
        return domain.toLowerCase(Locale.ROOT);
    }

    /** Whether the domain is an address literal such as {@code [192.0.2.1]}. */
    public boolean isAddressLiteral() {
        return domain.startsWith("[");
    }

    /**
     * Whether the local part still carries a route to another host: {@code user%host},
     * {@code host!user}, or a quoted {@code "user@host"}. Such addresses are relay attempts.
     */
    public boolean hasRouteInLocalPart() {
        return localPart.indexOf('%') >= 0 || localPart.indexOf('!') >= 0 || localPart.indexOf('@') >= 0;
    }

    /**
     * Parses {@code <path>} at the start of {@code text}; what follows (the ESMTP parameters)
     * is returned as {@code rest}. {@code allowNull} admits {@code <>} (MAIL FROM only).
     */
    public static Parsed parse(String text, boolean allowNull) {
        if (text.isEmpty() || text.charAt(0) != '<') {
            return fail("address must be enclosed in <>");
        }
        int close = findClose(text);
        if (close < 0) {
            return fail("missing closing >");
        }
        String inner = text.substring(1, close);
        String rest = text.substring(close + 1);
        if (!rest.isEmpty() && rest.charAt(0) != ' ') {
            return fail("garbage after the address");
        }
        rest = rest.strip();
        if (inner.isEmpty()) {
            return allowNull ? new Parsed(NULL, rest, null) : fail("empty address");
        }
        if (inner.length() > MAX_PATH) {
            return fail("address too long");
        }
        if (inner.charAt(0) == '@') {
            int colon = inner.indexOf(':');
            if (colon < 0 || !validRoute(inner.substring(0, colon))) {
                return fail("bad source route");
            }
            inner = inner.substring(colon + 1);
        }
        String params = rest;
        return mailbox(inner).map(p -> new Parsed(p, params, null)).orElseGet(() -> fail("bad address syntax"));
    }

    private static Optional<MailPath> mailbox(String inner) {
        int at = localPartEnd(inner);
        if (at < 0) {
            return Optional.empty();
        }
        String local = inner.substring(0, at);
        if (at == inner.length()) {
            // RFC 5321 4.1.1.3: <postmaster> without a domain is the one bare local part allowed.
            return local.equalsIgnoreCase("postmaster") ? Optional.of(new MailPath(local, "")) : Optional.empty();
        }
        String domain = inner.substring(at + 1);
        if (local.isEmpty() || local.length() > MAX_LOCAL || domain.isEmpty() || domain.length() > MAX_DOMAIN) {
            return Optional.empty();
        }
        if (!validLocalPart(local) || !(validDomain(domain) || validAddressLiteral(domain))) {
            return Optional.empty();
        }
        return Optional.of(new MailPath(local, domain));
    }

    /** Index of the {@code @} that ends the local part, its length when there is none, -1 when malformed. */
    private static int localPartEnd(String s) {
        if (!s.isEmpty() && s.charAt(0) == '"') {
            int i = 1;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    if (i + 1 == s.length()) {
                        return i + 1;
                    }
                    return s.charAt(i + 1) == '@' ? i + 1 : -1;
                }
                i++;
            }
            return -1;
        }
        int at = s.lastIndexOf('@');
        return at < 0 ? s.length() : at;
    }

    /**
     * A local part as a path must write it (RFC 5321 4.1.2): unchanged when it is a dot-atom or
     * a quoted string already, else quoted, with backslashes and quotes escaped.
     */
    public static String quoteLocalPart(String local) {
        boolean quoted = local.length() >= 2 && local.charAt(0) == '"' && local.endsWith("\"");
        if (!local.isEmpty() && (quoted || local.charAt(0) != '"') && validLocalPart(local)) {
            return local;
        }
        return "\"" + local.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static boolean validLocalPart(String local) {
        if (local.charAt(0) == '"') {
            for (int i = 1; i < local.length() - 1; i++) {
                char c = local.charAt(i);
                if (c == '\\') {
                    i++;
                    if (i >= local.length() - 1 || local.charAt(i) < 32 || local.charAt(i) > 126) {
                        return false;
                    }
                } else if (c < 32 || c > 126 || c == '"') {
                    return false;
                }
            }
            return true;
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            if (!isAtext(local.charAt(i)) && local.charAt(i) != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    /** A domain of letter-digit-hyphen labels; a trailing dot is allowed (and judged by policy). */
    static boolean validDomain(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty()) {
            return false;
        }
        for (String label : d.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean validAddressLiteral(String domain) {
        if (!domain.startsWith("[") || !domain.endsWith("]")) {
            return false;
        }
        String body = domain.substring(1, domain.length() - 1);
        String literal = body.regionMatches(true, 0, "IPv6:", 0, 5) ? body.substring(5) : body;
        if (literal == body && literal.indexOf(':') >= 0) {
            return false;
        }
        return dev.moat.net.IpAddress.tryParse(literal).isPresent();
    }

    private static boolean validRoute(String route) {
        for (String hop : route.split(",", -1)) {
            if (hop.length() < 2 || hop.charAt(0) != '@' || !validDomain(hop.substring(1))) {
                return false;
            }
        }
        return true;
    }

    private static int findClose(String text) {
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    private static Parsed fail(String why) {
        return new Parsed(null, "", why);
    }

    @Override
    public String toString() {
        return "<" + address() + ">";
    }
}
