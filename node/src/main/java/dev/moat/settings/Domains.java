package dev.moat.settings;

import dev.moat.net.IpAddress;
import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Domain names and IP literals as settings accept them. A domain is stored in its canonical
 * form: ASCII (internationalised names become their {@code xn--} form), lower case, without a
 * trailing dot, so that comparing two domains is comparing two strings.
 */
final class Domains {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private Domains() {
    }

    /** The canonical form of a syntactically valid domain name (RFC 1035 letters, digits, hyphens). */
    static Optional<String> canonical(String name) {
        String text = name.strip();
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            text = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (text.isEmpty() || text.length() > 253) {
            return Optional.empty();
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        // An all-digit last label is an IPv4 address or a typo of one, never a domain.
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(text);
    }

    /** The same comparison key as {@link #canonical}, for names that may be invalid (from SMTP). */
    static String lookupKey(String name) {
        // Asked for every recipient: plain ASCII names (all SMTP gives us) skip IDN and regex work.
        int end = name.length();
        if (end > 0 && name.charAt(end - 1) == '.') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char c = name.charAt(i);
            if (c >= 128 || c <= ' ') {
                return canonical(name).orElseGet(() -> name.strip().toLowerCase(Locale.ROOT));
            }
        }
        return name.substring(0, end).toLowerCase(Locale.ROOT);
    }

    static Optional<IpAddress> ipLiteral(String text) {
        try {
            return Optional.of(IpAddress.parse(text.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
